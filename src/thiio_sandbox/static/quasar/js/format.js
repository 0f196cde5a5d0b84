const { date } = Quasar

export function formatDateTime(value) {
  if (!value) return ''
  return date.formatDate(new Date(value), 'MMM D, YYYY h:mm A')
}

export function formatDate(value) {
  if (!value) return ''
  return date.formatDate(new Date(value), 'MMM D, YYYY')
}

export function formatMoney(amount, currency = 'USD') {
  const number = Number(amount)
  if (Number.isNaN(number)) return String(amount ?? '')
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(number)
  } catch (e) {
    return `${number.toFixed(2)} ${currency}`
  }
}

// Order statuses: Processing, Completed, Shipped, On Hold, Refunded, Cancelled.
const ORDER_STATUS = {
  Processing: { color: 'blue-1', text: 'blue-9' },
  Completed: { color: 'green-1', text: 'green-9' },
  Shipped: { color: 'teal-1', text: 'teal-9' },
  'On Hold': { color: 'orange-1', text: 'orange-9' },
  Refunded: { color: 'grey-3', text: 'grey-8' },
  Cancelled: { color: 'red-1', text: 'red-9' }
}

export function orderStatusStyle(status) {
  return ORDER_STATUS[status] || { color: 'grey-3', text: 'grey-8' }
}

// Integration notification statuses: Success, Failed, Pending, Processing.
const NOTIFICATION_STATUS = {
  Success: { color: 'positive', icon: 'mdi-check-circle' },
  Failed: { color: 'negative', icon: 'mdi-alert-circle' },
  Pending: { color: 'grey-6', icon: 'mdi-clock-outline' },
  Processing: { color: 'info', icon: null }
}

export function notificationStatusStyle(status) {
  return NOTIFICATION_STATUS[status] || { color: 'grey-6', icon: null }
}
