// Display formats (en-US, the browser's time zone, as the real admin shows them).
const dateTime = new Intl.DateTimeFormat('en-US', {
  month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit',
});
const dateOnly = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
const timeOnly = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' });
const moneyFormats = new Map();

function moneyFormat(currency) {
  const code = /^[A-Z]{3}$/.test(String(currency || '')) ? currency : 'USD';
  if (!moneyFormats.has(code)) {
    moneyFormats.set(code, new Intl.NumberFormat('en-US', { style: 'currency', currency: code }));
  }
  return moneyFormats.get(code);
}

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

export function formatMoney(value, currency) {
  const amount = Number(value);
  return Number.isFinite(amount) ? moneyFormat(currency).format(amount) : String(value ?? '—');
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
