// The order details pane: a temporary right-hand drawer with the order's tabs.
import { api } from '../api.js'
import { uiConfig, loadUiConfig, notify, notifyError } from '../store.js'
import {
  formatDateTime, formatMoney, orderStatusColor, notificationStatusColor, initials,
} from '../format.js'

const { ref, reactive, computed, watch, onBeforeUnmount } = Vue
const { useDisplay } = Vuetify

const POLL_MS = 1500

const INTEGRATION_ICONS = {
  ultracart: 'mdi-cart-arrow-right',
  'order desk': 'mdi-truck-delivery-outline',
  klaviyo: 'mdi-email-fast-outline',
  shopify: 'mdi-shopping-outline',
  'system webhook': 'mdi-webhook',
}

function isWebhook(notification) {
  return /webhook/i.test(notification.integration)
}

export default {
  name: 'OrderPane',
  props: {
    number: { type: String, default: null },
  },
  emits: ['close'],
  setup(props, { emit }) {
    const { smAndDown, width } = useDisplay()

    const order = ref(null)
    const loading = ref(false)
    const loadError = ref('')
    const tab = ref('details')
    const busyId = ref(null)
    const payload = reactive({ show: false, notification: null })
    const confirm = reactive({ show: false, notification: null })

    let seq = 0
    let pollTimer = null
    let rerenderTimer = null

    const open = computed({
      get: () => !!props.number,
      set: (value) => {
        if (!value) emit('close')
      },
    })

    const paneWidth = computed(() => (smAndDown.value ? width.value : 720))
    const notifications = computed(() => (order.value ? order.value.notifications : []))
    const hasProcessing = computed(() => notifications.value.some((n) => n.status === 'Processing'))
    const failedCount = computed(() => notifications.value.filter((n) => n.status === 'Failed').length)

    const subtotal = computed(() => {
      if (!order.value) return 0
      return order.value.items.reduce((sum, item) => sum + Number(item.price) * item.quantity, 0)
    })
    const shipping = computed(() => (order.value ? Math.max(0, Number(order.value.total) - subtotal.value) : 0))

    async function fetchOrder({ quiet = false } = {}) {
      const number = props.number
      if (!number) return
      const mine = ++seq
      if (!quiet) {
        loading.value = true
        loadError.value = ''
      }
      try {
        const result = await api.order(number)
        if (mine !== seq || number !== props.number) return
        order.value = result
        loadError.value = ''
      } catch (e) {
        if (mine !== seq) return
        if (!quiet && !e.handled) {
          if (e.status === 404) {
            loadError.value = `Order #${number} was not found.`
          } else {
            loadError.value = e.message
            notifyError(e)
          }
        }
      } finally {
        if (mine === seq) loading.value = false
        schedulePoll()
      }
    }

    function schedulePoll() {
      clearTimeout(pollTimer)
      pollTimer = null
      if (open.value && hasProcessing.value) {
        pollTimer = setTimeout(() => fetchOrder({ quiet: true }), POLL_MS)
      }
    }

    function startRerender() {
      clearInterval(rerenderTimer)
      rerenderTimer = null
      if (open.value && uiConfig.rerender_ms > 0) {
        rerenderTimer = setInterval(() => fetchOrder({ quiet: true }), Math.max(200, uiConfig.rerender_ms))
      }
    }

    function stopTimers() {
      clearTimeout(pollTimer)
      clearInterval(rerenderTimer)
      pollTimer = null
      rerenderTimer = null
    }

    watch(
      () => props.number,
      async (number, previous) => {
        if (!number) {
          stopTimers()
          return
        }
        if (number !== previous) {
          if (!order.value || order.value.number !== number) order.value = null
          tab.value = 'details'
        }
        await loadUiConfig()
        fetchOrder()
        startRerender()
      },
      { immediate: true },
    )

    watch(() => uiConfig.rerender_ms, startRerender)

    onBeforeUnmount(stopTimers)

    function actionLabel(notification) {
      return isWebhook(notification) ? 'Resend' : 'Retry'
    }

    function requestRetry(notification) {
      if (notification.status !== 'Failed') return
      if (uiConfig.confirm_retry) {
        confirm.notification = notification
        confirm.show = true
        return
      }
      retry(notification)
    }

    const confirmAction = computed(() => (confirm.notification ? actionLabel(confirm.notification) : 'Retry'))

    function confirmRetry() {
      const notification = confirm.notification
      confirm.show = false
      if (notification) retry(notification)
    }

    async function retry(notification) {
      const resend = isWebhook(notification)
      busyId.value = notification.id
      let sessionGone = false
      try {
        const result = resend
          ? await api.resendNotification(notification.id)
          : await api.retryNotification(notification.id)
        if (order.value && result.notification) {
          const index = order.value.notifications.findIndex((n) => n.id === result.notification.id)
          if (index >= 0) order.value.notifications.splice(index, 1, result.notification)
        }
        notify(result.message || (resend ? 'Resend requested.' : 'Retry requested.'))
      } catch (e) {
        sessionGone = e.status === 401
        notifyError(e)
      } finally {
        busyId.value = null
        if (!sessionGone) fetchOrder({ quiet: true })
      }
    }

    function viewPayload(notification) {
      payload.notification = notification
      payload.show = true
    }

    const payloadText = computed(() => {
      const n = payload.notification
      if (!n || !order.value) return ''
      const body = {
        event: isWebhook(n) ? 'order.created' : 'order.export',
        integration: n.integration,
        notification_id: n.id,
        order: {
          number: order.value.number,
          created_at: order.value.created_at,
          total: order.value.total,
          currency: order.value.currency,
          customer: { name: order.value.customer_name, email: order.value.customer_email },
          shipping_address: order.value.shipping_address,
          items: order.value.items,
        },
      }
      return JSON.stringify(body, null, 2)
    })

    async function copyId(notification) {
      try {
        await navigator.clipboard.writeText(String(notification.id))
        notify(`Notification ID ${notification.id} copied.`, 'info')
      } catch (e) {
        notify(`Notification ID: ${notification.id}`, 'info')
      }
    }

    function integrationIcon(name) {
      return INTEGRATION_ICONS[(name || '').toLowerCase()] || 'mdi-connection'
    }

    function close() {
      open.value = false
    }

    return {
      open, order, loading, loadError, tab, busyId, payload, payloadText, confirm, confirmAction, paneWidth,
      notifications, hasProcessing, failedCount, subtotal, shipping,
      fetchOrder, actionLabel, requestRetry, confirmRetry, viewPayload, copyId, integrationIcon, close,
      formatDateTime, formatMoney, orderStatusColor, notificationStatusColor, initials,
    }
  },
  template: `
    <v-navigation-drawer
      v-model="open"
      location="end"
      temporary
      disable-route-watcher
      :width="paneWidth"
    >
      <v-toolbar color="surface" density="comfortable" class="border-b">
        <v-toolbar-title class="font-weight-medium">Order #{{ number || (order && order.number) }}</v-toolbar-title>
        <template #append>
          <v-btn icon="mdi-refresh" variant="text" :disabled="loading" @click="fetchOrder()"></v-btn>
          <v-btn icon="mdi-close" variant="text" @click="close"></v-btn>
        </template>
      </v-toolbar>
      <v-progress-linear :active="loading && !!order" indeterminate color="primary" height="2"></v-progress-linear>

      <div v-if="!order && loading" class="d-flex justify-center align-center pa-16">
        <v-progress-circular indeterminate color="primary" size="40"></v-progress-circular>
      </div>

      <div v-else-if="!order && loadError" class="pa-6">
        <v-alert type="error" variant="tonal">{{ loadError }}</v-alert>
      </div>

      <template v-else-if="order">
        <div class="d-flex align-center px-4 py-4">
          <v-avatar color="primary" variant="tonal" size="44" class="me-3">
            <span class="font-weight-bold">{{ initials(order.customer_name) }}</span>
          </v-avatar>
          <div class="flex-grow-1" style="min-width: 0">
            <div class="text-subtitle-1 font-weight-medium text-truncate">{{ order.customer_name }}</div>
            <div class="text-body-2 text-medium-emphasis text-truncate">{{ order.customer_email }}</div>
          </div>
          <div class="text-end">
            <div class="text-h6">{{ formatMoney(order.total, order.currency) }}</div>
            <v-chip :color="orderStatusColor(order.status)" size="small" variant="tonal">{{ order.status }}</v-chip>
          </div>
        </div>

        <v-tabs v-model="tab" color="primary" density="comfortable" class="px-2">
          <v-tab value="details">Details</v-tab>
          <v-tab value="items">Items</v-tab>
          <v-tab value="notifications">Notifications</v-tab>
          <v-tab value="notes">Notes</v-tab>
        </v-tabs>
        <v-divider></v-divider>

        <v-window v-model="tab">
          <v-window-item value="details">
            <div class="pa-4">
              <v-row dense>
                <v-col cols="12" sm="6">
                  <div class="text-caption text-medium-emphasis">Order date</div>
                  <div class="text-body-2">{{ formatDateTime(order.created_at) }}</div>
                </v-col>
                <v-col cols="12" sm="6">
                  <div class="text-caption text-medium-emphasis">Order status</div>
                  <div class="text-body-2">{{ order.status }}</div>
                </v-col>
                <v-col cols="12" sm="6">
                  <div class="text-caption text-medium-emphasis">Customer</div>
                  <div class="text-body-2">{{ order.customer_name }}</div>
                </v-col>
                <v-col cols="12" sm="6">
                  <div class="text-caption text-medium-emphasis">Email</div>
                  <div class="text-body-2">{{ order.customer_email }}</div>
                </v-col>
                <v-col cols="12" sm="6">
                  <div class="text-caption text-medium-emphasis">Shipping address</div>
                  <div v-if="order.shipping_address && order.shipping_address.line1" class="text-body-2">
                    <div>{{ order.shipping_address.line1 }}</div>
                    <div>
                      {{ order.shipping_address.city }}<template v-if="order.shipping_address.state">, {{ order.shipping_address.state }}</template>
                      {{ order.shipping_address.postal_code }}
                    </div>
                    <div>{{ order.shipping_address.country }}</div>
                  </div>
                  <div v-else class="text-body-2 text-medium-emphasis">No shipping address</div>
                </v-col>
                <v-col cols="12" sm="6">
                  <div class="text-caption text-medium-emphasis">Total</div>
                  <div class="text-body-2">{{ formatMoney(order.total, order.currency) }}</div>
                </v-col>
              </v-row>
              <v-alert
                v-if="failedCount"
                type="warning"
                variant="tonal"
                density="compact"
                class="mt-4"
              >{{ failedCount === 1 ? '1 integration notification failed.' : failedCount + ' integration notifications failed.' }} See the Notifications tab.</v-alert>
            </div>
          </v-window-item>

          <v-window-item value="items">
            <v-table density="comfortable">
              <thead>
                <tr>
                  <th>Item</th>
                  <th>SKU</th>
                  <th class="text-end">Qty</th>
                  <th class="text-end">Price</th>
                  <th class="text-end">Total</th>
                </tr>
              </thead>
              <tbody>
                <tr v-for="item in order.items" :key="item.sku">
                  <td>{{ item.name }}</td>
                  <td class="text-medium-emphasis">{{ item.sku }}</td>
                  <td class="text-end">{{ item.quantity }}</td>
                  <td class="text-end">{{ formatMoney(item.price, order.currency) }}</td>
                  <td class="text-end">{{ formatMoney(Number(item.price) * item.quantity, order.currency) }}</td>
                </tr>
                <tr v-if="!order.items.length">
                  <td colspan="5" class="text-center text-medium-emphasis">No items on this order.</td>
                </tr>
              </tbody>
            </v-table>
            <v-divider></v-divider>
            <div class="pa-4 d-flex flex-column align-end text-body-2">
              <div class="d-flex" style="width: 240px"><span>Subtotal</span><v-spacer></v-spacer>{{ formatMoney(subtotal, order.currency) }}</div>
              <div class="d-flex" style="width: 240px"><span>Shipping</span><v-spacer></v-spacer>{{ formatMoney(shipping, order.currency) }}</div>
              <div class="d-flex font-weight-bold mt-1" style="width: 240px"><span>Total</span><v-spacer></v-spacer>{{ formatMoney(order.total, order.currency) }}</div>
            </div>
          </v-window-item>

          <v-window-item value="notifications">
            <v-table v-if="notifications.length" density="comfortable">
              <thead>
                <tr>
                  <th>Integration</th>
                  <th class="text-center">Attempts</th>
                  <th>Last attempt</th>
                  <th>Status</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                <tr v-for="n in notifications" :key="n.id">
                  <td>
                    <div class="d-flex align-center text-no-wrap">
                      <v-avatar size="28" color="primary" variant="tonal" class="me-2">
                        <v-icon :icon="integrationIcon(n.integration)" size="16"></v-icon>
                      </v-avatar>
                      <span class="font-weight-medium">{{ n.integration }}</span>
                    </div>
                  </td>
                  <td class="text-center">{{ n.attempts }}</td>
                  <td class="text-no-wrap">{{ formatDateTime(n.last_attempt_at) }}</td>
                  <td class="py-2">
                    <v-chip :color="notificationStatusColor(n.status)" size="small" variant="tonal">
                      <v-progress-circular
                        v-if="n.status === 'Processing'"
                        indeterminate
                        size="12"
                        width="2"
                        class="me-2"
                      ></v-progress-circular>
                      {{ n.status }}
                    </v-chip>
                    <div
                      v-if="n.message"
                      class="text-caption notification-message mt-1"
                      :class="n.status === 'Failed' ? 'text-error' : 'text-medium-emphasis'"
                    >{{ n.message }}</div>
                  </td>
                  <td class="text-end" style="width: 48px">
                    <v-menu location="bottom end">
                      <template #activator="{ props }">
                        <v-btn v-bind="props" icon="mdi-dots-vertical" variant="text" size="small"></v-btn>
                      </template>
                      <v-list density="compact" min-width="180">
                        <v-list-item
                          :title="actionLabel(n)"
                          :prepend-icon="actionLabel(n) === 'Resend' ? 'mdi-send-outline' : 'mdi-refresh'"
                          :disabled="n.status !== 'Failed' || busyId === n.id"
                          @click="requestRetry(n)"
                        ></v-list-item>
                        <v-list-item title="View payload" prepend-icon="mdi-code-json" @click="viewPayload(n)"></v-list-item>
                        <v-list-item title="Copy ID" prepend-icon="mdi-content-copy" @click="copyId(n)"></v-list-item>
                      </v-list>
                    </v-menu>
                  </td>
                </tr>
              </tbody>
            </v-table>
            <div v-else class="pa-8 text-center text-medium-emphasis">
              <v-icon icon="mdi-bell-off-outline" size="32" class="mb-2"></v-icon>
              <div>No integration notifications for this order.</div>
            </div>
          </v-window-item>

          <v-window-item value="notes">
            <div class="pa-8 text-center text-medium-emphasis">
              <v-icon icon="mdi-note-text-outline" size="32" class="mb-2"></v-icon>
              <div>No notes on this order yet.</div>
            </div>
          </v-window-item>
        </v-window>
      </template>

      <v-dialog v-model="confirm.show" max-width="420">
        <v-card>
          <v-card-title class="pt-4">{{ confirmAction }} this notification?</v-card-title>
          <v-card-text v-if="confirm.notification">
            Thiio will send order #{{ order && order.number }} to {{ confirm.notification.integration }} again.
          </v-card-text>
          <v-card-actions>
            <v-spacer></v-spacer>
            <v-btn variant="text" @click="confirm.show = false">Cancel</v-btn>
            <v-btn color="primary" variant="flat" @click="confirmRetry">{{ confirmAction }}</v-btn>
          </v-card-actions>
        </v-card>
      </v-dialog>

      <v-dialog v-model="payload.show" max-width="640" scrollable>
        <v-card>
          <v-toolbar color="surface" density="compact" class="border-b">
            <v-toolbar-title class="text-subtitle-1">Payload · {{ payload.notification && payload.notification.integration }}</v-toolbar-title>
            <template #append>
              <v-btn icon="mdi-close" variant="text" @click="payload.show = false"></v-btn>
            </template>
          </v-toolbar>
          <v-card-text>
            <pre class="payload">{{ payloadText }}</pre>
          </v-card-text>
        </v-card>
      </v-dialog>
    </v-navigation-drawer>
  `,
}
