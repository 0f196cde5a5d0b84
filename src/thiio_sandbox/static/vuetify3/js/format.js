// Display helpers shared by the pages.

const dateTime = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
})

const dateOnly = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' })

export function formatDateTime(value) {
  if (!value) return '—'
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : dateTime.format(date)
}

export function formatDate(value) {
  if (!value) return '—'
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : dateOnly.format(date)
}

export function formatMoney(amount, currency = 'USD') {
  const number = Number(amount)
  if (Number.isNaN(number)) return amount
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(number)
}

const ORDER_STATUS_COLORS = {
  Processing: 'info',
  Completed: 'success',
  Shipped: 'teal',
  'On Hold': 'warning',
  Refunded: 'grey',
  Cancelled: 'error',
}

export function orderStatusColor(status) {
  return ORDER_STATUS_COLORS[status] || 'grey'
}

const NOTIFICATION_STATUS_COLORS = {
  Success: 'success',
  Failed: 'error',
  Pending: 'warning',
  Processing: 'info',
}

export function notificationStatusColor(status) {
  return NOTIFICATION_STATUS_COLORS[status] || 'grey'
}

export function initials(name) {
  return (name || '?')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0].toUpperCase())
    .join('')
}
