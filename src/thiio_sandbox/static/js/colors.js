// The Vuetify colour of an order status (free text in the sandbox).
const ORDER_STATUS_COLORS = {
  paid: 'success', completed: 'success', fulfilled: 'success', shipped: 'info',
  processing: 'info', pending: 'grey', refunded: 'warning', cancelled: 'error', canceled: 'error',
  failed: 'error', 'on hold': 'warning',
};

export function orderStatusColor(status) {
  return ORDER_STATUS_COLORS[String(status || '').toLowerCase()] || 'grey';
}
