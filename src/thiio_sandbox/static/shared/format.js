// Display formats (en-US, the browser's time zone, as the real admin shows them).
const formats = new Map();

function cached(key, make) {
  if (!formats.has(key)) formats.set(key, make());
  return formats.get(key);
}

function dateTimeFormat(hour) {
  return cached(`dateTime:${hour}`, () => new Intl.DateTimeFormat('en-US', {
    month: 'short', day: 'numeric', year: 'numeric', hour, minute: '2-digit',
  }));
}

const dateOnly = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
const timeOnly = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' });

function moneyFormat(currency) {
  const code = /^[A-Z]{3}$/.test(String(currency || '')) ? currency : 'USD';
  return cached(`money:${code}`, () => new Intl.NumberFormat('en-US', { style: 'currency', currency: code }));
}

function parse(value) {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

// `hour`: 'numeric' ("Mar 4, 2024, 9:05 AM") or '2-digit' ("Mar 4, 2024, 09:05 AM").
export function formatDateTime(value, { hour = 'numeric' } = {}) {
  const date = parse(value);
  return date ? dateTimeFormat(hour).format(date) : '—';
}

export function formatDate(value) {
  const date = parse(value);
  return date ? dateOnly.format(date) : '—';
}

export function formatTime(value) {
  const date = parse(value);
  return date ? timeOnly.format(date) : '—';
}

// `missing`: what an amount that is not there becomes.
export function formatMoney(value, currency, { missing = '—' } = {}) {
  const amount = Number(value);
  return Number.isFinite(amount) ? moneyFormat(currency).format(amount) : String(value ?? missing);
}

// "Jane Doe" -> "JD"; `separators` split the name into its words.
export function initials(name, separators = /\s+/) {
  return String(name || '?')
    .split(separators)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0].toUpperCase())
    .join('');
}
