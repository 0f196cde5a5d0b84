// How dates, money and statuses look on screen.

const DATE_TIME = new Intl.DateTimeFormat('en-US', {
  month: 'short', day: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit',
});
const MONEY = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function dateTime(value) {
  if (value === null || value === undefined || value === '') return '—';
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : DATE_TIME.format(date);
}

export function money(value) {
  const number = Number(value);
  return Number.isFinite(number) ? MONEY.format(number) : String(value ?? '');
}

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

export function initials(name) {
  return String(name || '?')
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0].toUpperCase())
    .join('');
}
