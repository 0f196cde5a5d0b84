// How dates, money, initials and statuses look in the Element Plus front end (the formats
// themselves are shared: ../shared/format.js).
import { formatDateTime, formatMoney, initials as nameInitials } from '../shared/format.js';

export const dateTime = (value) => formatDateTime(value, { hour: '2-digit' });
export const money = (value) => formatMoney(value, 'USD', { missing: '' });
export const initials = (name) => nameInitials(name, /[\s@.]+/);

// el-tag colour of a notification status.
export function notificationTagType(status) {
  return { Success: 'success', Failed: 'danger', Pending: 'info', Processing: 'warning' }[status] || 'info';
}

// el-tag colour of an order status (free text in the sandbox).
export function orderTagType(status) {
  const s = String(status || '').toLowerCase();
  if (['paid', 'completed', 'complete', 'shipped', 'fulfilled'].includes(s)) return 'success';
  if (['refunded', 'cancelled', 'canceled', 'failed', 'declined'].includes(s)) return 'danger';
  if (['pending', 'processing', 'on hold'].includes(s)) return 'warning';
  return 'info';
}
