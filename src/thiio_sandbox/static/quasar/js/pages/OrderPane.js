import { api } from '../api.js'
import { session } from '../session.js'
import { formatDateTime, formatMoney, orderStatusStyle, notificationStatusStyle } from '../format.js'

const { ref, computed, watch, onMounted, onBeforeUnmount } = Vue
const { useRoute, useRouter } = VueRouter
const { Notify, copyToClipboard } = Quasar

const POLL_MS = 1500

export default {
  name: 'OrderPane',
  props: { number: { type: String, required: true } },
  template: `
    <q-dialog v-model="open" position="right" full-height square no-route-dismiss @hide="onHide">
      <q-card class="order-pane column no-wrap" style="width: 760px; max-width: 95vw">
        <q-card-section class="row items-start no-wrap q-pb-sm">
          <div class="col">
            <div class="row items-center q-gutter-x-sm">
              <div class="text-h6">Order #{{ number }}</div>
              <q-chip v-if="order" dense square :color="orderStatus.color" :text-color="orderStatus.text" :label="order.status" />
            </div>
            <div v-if="order" class="text-caption text-grey-7">
              Placed {{ formatDateTime(order.created_at) }} · {{ order.customer_name }}
            </div>
          </div>
          <q-btn flat round dense icon="mdi-refresh" class="q-mr-xs" @click="load()" />
          <q-btn flat round dense icon="mdi-close" v-close-popup />
        </q-card-section>

        <q-tabs
          v-model="tab"
          dense
          align="left"
          class="text-grey-7"
          active-color="primary"
          indicator-color="primary"
          narrow-indicator
        >
          <q-tab name="details" label="Details" />
          <q-tab name="items" label="Items" />
          <q-tab name="notifications" label="Notifications" :alert="failedCount ? 'negative' : false" />
          <q-tab name="notes" label="Notes" />
        </q-tabs>
        <q-separator />

        <div class="col relative-position scroll">
          <q-tab-panels v-if="order" v-model="tab" animated>
            <q-tab-panel name="details">
              <div class="row q-col-gutter-md">
                <div class="col-12 col-sm-6">
                  <div class="text-overline text-grey-7">Customer</div>
                  <div class="text-body1">{{ order.customer_name }}</div>
                  <div class="text-body2 text-grey-8">{{ order.customer_email }}</div>
                </div>
                <div class="col-12 col-sm-6">
                  <div class="text-overline text-grey-7">Shipping address</div>
                  <template v-if="address">
                    <div class="text-body2">{{ address.name }}</div>
                    <div class="text-body2">{{ address.line1 }}</div>
                    <div class="text-body2">{{ address.city }}, {{ address.state }} {{ address.postal_code }}</div>
                    <div class="text-body2">{{ address.country }}</div>
                  </template>
                  <div v-else class="text-body2 text-grey-7">No shipping address</div>
                </div>
                <div class="col-12">
                  <q-separator class="q-my-sm" />
                  <div class="text-overline text-grey-7">Summary</div>
                  <div class="row justify-between q-py-xs">
                    <span>Subtotal ({{ itemCount }} {{ itemCount === 1 ? 'item' : 'items' }})</span>
                    <span>{{ money(subtotal) }}</span>
                  </div>
                  <div class="row justify-between q-py-xs">
                    <span>Shipping</span>
                    <span>{{ money(shipping) }}</span>
                  </div>
                  <q-separator class="q-my-xs" />
                  <div class="row justify-between q-py-xs text-weight-bold">
                    <span>Total</span>
                    <span>{{ money(order.total) }}</span>
                  </div>
                </div>
              </div>
            </q-tab-panel>

            <q-tab-panel name="items">
              <q-markup-table flat bordered>
                <thead>
                  <tr>
                    <th class="text-left">Product</th>
                    <th class="text-left">SKU</th>
                    <th class="text-right">Qty</th>
                    <th class="text-right">Price</th>
                    <th class="text-right">Total</th>
                  </tr>
                </thead>
                <tbody>
                  <tr v-for="item in order.items" :key="item.sku">
                    <td class="text-left">{{ item.name }}</td>
                    <td class="text-left text-grey-7">{{ item.sku }}</td>
                    <td class="text-right">{{ item.quantity }}</td>
                    <td class="text-right">{{ money(item.price) }}</td>
                    <td class="text-right">{{ money(item.price * item.quantity) }}</td>
                  </tr>
                  <tr v-if="!order.items.length">
                    <td colspan="5" class="text-center text-grey-7">No items</td>
                  </tr>
                </tbody>
              </q-markup-table>
            </q-tab-panel>

            <q-tab-panel name="notifications">
              <div class="row items-center q-mb-sm">
                <div class="text-subtitle2">Integration notifications</div>
                <q-space />
                <div v-if="polling" class="text-caption text-grey-7 row items-center">
                  <q-spinner size="14px" class="q-mr-xs" /> Updating…
                </div>
              </div>

              <q-markup-table v-if="order.notifications.length" flat bordered wrap-cells class="notifications-table">
                <thead>
                  <tr>
                    <th class="text-left">Integration</th>
                    <th class="text-left">Last attempt</th>
                    <th class="text-right">Attempts</th>
                    <th class="text-left">Status</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody :key="renderKey">
                  <tr v-for="n in order.notifications" :key="n.id">
                    <td class="text-left" style="min-width: 240px">
                      <div class="text-weight-medium">{{ n.integration }}</div>
                      <div
                        v-if="n.message"
                        class="text-caption notification-message"
                        :class="n.status === 'Failed' ? 'text-negative' : 'text-grey-7'"
                      >{{ n.message }}</div>
                    </td>
                    <td class="text-left text-no-wrap">{{ n.last_attempt_at ? formatDateTime(n.last_attempt_at) : '—' }}</td>
                    <td class="text-right">{{ n.attempts }}</td>
                    <td class="text-left text-no-wrap">
                      <q-chip
                        dense
                        :color="statusStyle(n.status).color"
                        text-color="white"
                        :icon="statusStyle(n.status).icon || undefined"
                      >
                        <q-spinner v-if="n.status === 'Processing'" size="12px" class="q-mr-xs" />
                        {{ n.status }}
                      </q-chip>
                    </td>
                    <td class="text-right actions-cell">
                      <q-btn flat round dense icon="mdi-dots-vertical">
                        <q-menu anchor="bottom right" self="top right">
                          <q-list dense style="min-width: 180px">
                            <q-item clickable v-close-popup :disable="n.status !== 'Failed'" @click="askRetry(n)">
                              <q-item-section avatar><q-icon :name="isWebhook(n) ? 'mdi-send-outline' : 'mdi-refresh'" /></q-item-section>
                              <q-item-section>{{ isWebhook(n) ? 'Resend' : 'Retry' }}</q-item-section>
                            </q-item>
                            <q-item clickable v-close-popup @click="viewPayload(n)">
                              <q-item-section avatar><q-icon name="mdi-code-json" /></q-item-section>
                              <q-item-section>View payload</q-item-section>
                            </q-item>
                            <q-item clickable v-close-popup @click="copyId(n)">
                              <q-item-section avatar><q-icon name="mdi-content-copy" /></q-item-section>
                              <q-item-section>Copy ID</q-item-section>
                            </q-item>
                          </q-list>
                        </q-menu>
                      </q-btn>
                    </td>
                  </tr>
                </tbody>
              </q-markup-table>
              <div v-else class="column items-center q-py-xl text-grey-7">
                <q-icon name="mdi-bell-off-outline" size="40px" color="grey-5" />
                <div class="q-mt-sm">No notifications for this order</div>
              </div>
            </q-tab-panel>

            <q-tab-panel name="notes">
              <q-input v-model="noteDraft" outlined autogrow label="Add a note" class="q-mb-sm" />
              <div class="row justify-end q-mb-md">
                <q-btn unelevated no-caps color="primary" label="Add note" :disable="!noteDraft.trim()" @click="addNote" />
              </div>
              <q-list v-if="notes.length" bordered separator>
                <q-item v-for="(note, i) in notes" :key="i">
                  <q-item-section>
                    <q-item-label class="note-text">{{ note.text }}</q-item-label>
                    <q-item-label caption>{{ note.author }} · {{ formatDateTime(note.at) }}</q-item-label>
                  </q-item-section>
                </q-item>
              </q-list>
              <div v-else class="text-grey-7 text-center q-py-lg">No notes for this order</div>
            </q-tab-panel>
          </q-tab-panels>

          <div v-else-if="notFound" class="column items-center q-py-xl text-grey-7">
            <q-icon name="mdi-file-question-outline" size="40px" color="grey-5" />
            <div class="q-mt-sm">Order #{{ number }} was not found.</div>
          </div>

          <q-inner-loading :showing="loading" />
        </div>
      </q-card>

      <q-dialog v-model="confirm.open">
        <q-card style="min-width: 360px">
          <q-card-section class="row items-center no-wrap">
            <q-avatar :icon="confirm.resend ? 'mdi-send-outline' : 'mdi-refresh'" color="primary" text-color="white" size="40px" />
            <span class="q-ml-md text-subtitle1">{{ confirm.resend ? 'Resend this notification?' : 'Retry this notification?' }}</span>
          </q-card-section>
          <q-card-section v-if="confirm.target" class="q-pt-none text-grey-8">
            {{ confirm.target.integration }} for order #{{ number }} will be sent again.
          </q-card-section>
          <q-card-actions align="right">
            <q-btn flat no-caps label="Cancel" color="grey-8" v-close-popup />
            <q-btn unelevated no-caps :label="confirm.resend ? 'Resend' : 'Retry'" color="primary" v-close-popup @click="confirmRetry" />
          </q-card-actions>
        </q-card>
      </q-dialog>

      <q-dialog v-model="payload.open">
        <q-card style="width: 560px; max-width: 90vw">
          <q-card-section class="row items-center q-pb-none">
            <div class="text-h6">Notification payload</div>
            <q-space />
            <q-btn flat round dense icon="mdi-close" v-close-popup />
          </q-card-section>
          <q-card-section>
            <pre class="payload">{{ payload.text }}</pre>
          </q-card-section>
        </q-card>
      </q-dialog>
    </q-dialog>
  `,
  setup(props) {
    const route = useRoute()
    const router = useRouter()

    const open = ref(true)
    const tab = ref('details')
    const order = ref(null)
    const loading = ref(false)
    const notFound = ref(false)
    const renderKey = ref(0)
    const confirm = ref({ open: false, target: null, resend: false })
    const payload = ref({ open: false, text: '' })
    const noteDraft = ref('')
    const notes = ref([])

    let seq = 0
    let pollTimer = null
    let rerenderTimer = null
    let closed = false

    const address = computed(() => order.value && order.value.shipping_address)
    const orderStatus = computed(() => orderStatusStyle(order.value && order.value.status))
    const itemCount = computed(() => (order.value ? order.value.items.reduce((n, i) => n + i.quantity, 0) : 0))
    const subtotal = computed(() =>
      order.value ? order.value.items.reduce((sum, i) => sum + Number(i.price) * i.quantity, 0) : 0
    )
    const shipping = computed(() => (order.value ? Math.max(0, Number(order.value.total) - subtotal.value) : 0))
    const failedCount = computed(() =>
      order.value ? order.value.notifications.filter(n => n.status === 'Failed').length : 0
    )
    const hasProcessing = computed(() =>
      !!order.value && order.value.notifications.some(n => n.status === 'Processing')
    )
    const polling = computed(() => hasProcessing.value)

    function money(value) {
      return formatMoney(value, (order.value && order.value.currency) || 'USD')
    }

    function isWebhook(n) {
      return /webhook/i.test(n.integration)
    }

    function statusStyle(status) {
      return notificationStatusStyle(status)
    }

    async function load({ quiet = false } = {}) {
      const id = ++seq
      if (!quiet) loading.value = true
      try {
        const data = await api.get(`/api/orders/${encodeURIComponent(props.number)}`)
        if (id !== seq || closed) return
        order.value = data
        notFound.value = false
      } catch (e) {
        if (id !== seq || closed) return
        if (e.status === 404) {
          order.value = null
          notFound.value = true
        } else if (!e.handled && !quiet) {
          Notify.create({ type: 'negative', message: e.message })
        }
      } finally {
        if (!quiet) loading.value = false
        schedulePoll()
      }
    }

    // While a notification is Processing, ask again every POLL_MS until it is done.
    function schedulePoll() {
      clearTimeout(pollTimer)
      pollTimer = null
      if (closed || !hasProcessing.value) return
      pollTimer = setTimeout(() => load({ quiet: true }), POLL_MS)
    }

    // Live view (ui-config rerender_ms): fetch the order again and redraw the notification list.
    function startRerender() {
      const every = Number(session.config.rerender_ms) || 0
      if (every <= 0) return
      rerenderTimer = setInterval(async () => {
        await load({ quiet: true })
        renderKey.value++
      }, every)
    }

    function askRetry(n) {
      if (n.status !== 'Failed') return
      if (session.config.confirm_retry) {
        confirm.value = { open: true, target: n, resend: isWebhook(n) }
      } else {
        retry(n)
      }
    }

    function confirmRetry() {
      const target = confirm.value.target
      if (target) retry(target)
    }

    async function retry(n) {
      const action = isWebhook(n) ? 'resend' : 'retry'
      seq++ // an answer already on its way predates the retry: ignore it
      try {
        const data = await api.post(`/api/notifications/${n.id}/${action}`)
        if (order.value && data && data.notification) {
          const rows = order.value.notifications
          const index = rows.findIndex(row => row.id === data.notification.id)
          if (index !== -1) rows.splice(index, 1, data.notification)
        }
        Notify.create({
          type: 'positive',
          message: (data && data.message) || (action === 'resend' ? 'Resend requested.' : 'Retry requested.')
        })
        schedulePoll()
      } catch (e) {
        if (e.handled) return
        Notify.create({ type: 'negative', message: e.message })
        load({ quiet: true }) // the request may have gone through: show what the server has
      }
    }

    function viewPayload(n) {
      payload.value = { open: true, text: JSON.stringify(n, null, 2) }
    }

    async function copyId(n) {
      try {
        await copyToClipboard(String(n.id))
        Notify.create({ message: `Notification ID ${n.id} copied` })
      } catch (e) {
        Notify.create({ type: 'warning', message: 'Could not copy to the clipboard' })
      }
    }

    function addNote() {
      const name = (session.user && session.user.name) || 'You'
      notes.value.unshift({ text: noteDraft.value.trim(), author: name, at: new Date().toISOString() })
      noteDraft.value = ''
    }

    function onHide() {
      if (route.name === 'order') {
        router.push({ name: 'orders' })
      }
    }

    watch(() => props.number, () => {
      order.value = null
      tab.value = 'details'
      load()
    })

    onMounted(() => {
      load()
      startRerender()
    })

    onBeforeUnmount(() => {
      closed = true
      clearTimeout(pollTimer)
      clearInterval(rerenderTimer)
    })

    return {
      open, tab, order, loading, notFound, renderKey, confirm, payload, noteDraft, notes,
      address, orderStatus, itemCount, subtotal, shipping, failedCount, polling,
      money, isWebhook, statusStyle, formatDateTime,
      load, askRetry, confirmRetry, viewPayload, copyId, addNote, onHide
    }
  }
}
