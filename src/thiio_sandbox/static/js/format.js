// Display formats (en-US, the browser's time zone, as the real admin shows them).
const dateTime = new Intl.DateTimeFormat('en-US', {
  month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit',
});
const dateOnly = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
const timeOnly = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' });
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

function parse(value) {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(value) {
  const date = parse(value);
  return date ? dateTime.format(date) : '—';
}

export function formatDate(value) {
  const date = parse(value);
  return date ? dateOnly.format(date) : '—';
}

export function formatTime(value) {
  const date = parse(value);
  return date ? timeOnly.format(date) : '—';
}

export function formatMoney(value) {
  const amount = Number(value);
  return Number.isFinite(amount) ? usd.format(amount) : String(value ?? '—');
}

export function initials(name) {
  return String(name || '?')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0].toUpperCase())
    .join('');
}

const ORDER_STATUS_COLORS = {
  paid: 'success', completed: 'success', fulfilled: 'success', shipped: 'info',
  processing: 'info', pending: 'grey', refunded: 'warning', cancelled: 'error', canceled: 'error',
  failed: 'error', 'on hold': 'warning',
};

export function orderStatusColor(status) {
  return ORDER_STATUS_COLORS[String(status || '').toLowerCase()] || 'grey';
}
