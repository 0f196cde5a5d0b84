// The order details pane: a right-hand temporary drawer with tabs Details, Items,
// Notifications, History. The Notifications tab lists integration notifications; each row
// has an icon-only ⋮ button (no label, as Vuetify renders it) opening a menu with Retry
// (Resend for System Webhook), View payload, Copy message.
import { fetchOrder as getOrder, requestNotificationAction } from '../shared/api.js';
import { session, word, relabelled, loadUiConfig } from '../shared/session.js';
import {
  POLLS_AFTER_ERROR, actionLabel as labelOf, addressLines, anyUnsettled, paneTimers, useBusyIds,
} from '../shared/order-pane.js';
import { formatDate, formatDateTime, formatMoney, formatTime } from '../shared/format.js';
import { notify } from './toast.js';
import { orderStatusColor } from './colors.js';

const { ref, computed, watch, onBeforeUnmount } = Vue;

const STATUS_LOOK = {
  Success: { color: 'success', icon: 'mdi-check-circle' },
  Failed: { color: 'error', icon: 'mdi-alert-circle' },
  Pending: { color: 'grey', icon: 'mdi-clock-outline' },
  Processing: { color: 'info', icon: null },
};

const INTEGRATION_LOOK = {
  ultracart: { icon: 'mdi-cart-arrow-right', color: 'indigo' },
  'order desk': { icon: 'mdi-truck-delivery-outline', color: 'teal' },
  klaviyo: { icon: 'mdi-email-fast-outline', color: 'deep-orange' },
  'system webhook': { icon: 'mdi-webhook', color: 'blue-grey' },
  shopify: { icon: 'mdi-shopping-outline', color: 'green' },
};

export const StatusChip = {
  name: 'StatusChip',
  props: { status: { type: String, required: true } },
  setup(props) {
    const look = computed(() => STATUS_LOOK[props.status] || { color: 'grey', icon: null });
    // A relabelled account words statuses its own way and shows them as text with a dot.
    const shown = computed(() => word('statuses', props.status));
    const plain = computed(() => relabelled());
    return { look, shown, plain };
  },
  template: `
  <span v-if="plain" class="status-text text-body-2 font-weight-medium">
    <span class="status-dot" :class="'bg-' + look.color" aria-hidden="true"></span>{{ shown }}
  </span>
  <v-chip v-else size="small" variant="tonal" :color="look.color" class="font-weight-medium">
    <template #prepend>
      <v-progress-circular v-if="status === 'Processing'" indeterminate size="12" width="2" class="mr-1" />
      <v-icon v-else-if="look.icon" :icon="look.icon" start size="16" />
    </template>
    {{ status }}
  </v-chip>`,
};

export const OrderPane = {
  name: 'OrderPane',
  components: { StatusChip },
  props: { number: { type: String, default: null } },
  emits: ['close'],
  setup(props, { emit }) {
    const order = ref(null);
    const notifications = ref([]);
    const generation = ref(0); // bumped when the list is re-rendered from scratch
    const loading = ref(false);
    const notFound = ref(false);
    const loadError = ref('');
    const tab = ref('details');
    const busy = useBusyIds();
    const confirm = ref({ show: false, notification: null });
    const payload = ref({ show: false, title: '', json: '' });
    const timers = paneTimers();
    let epoch = 0; // answers fetched before the latest action are stale
    let pollsAfterError = 0; // polls still owed after a failed Retry call, once all is settled

    const open = computed(() => Boolean(props.number));

    function schedulePoll() {
      timers.cancelPoll();
      if (!open.value) return;
      const unsettled = anyUnsettled(notifications.value);
      if (!unsettled && pollsAfterError <= 0) return;
      if (!unsettled) pollsAfterError -= 1;
      timers.pollAfter(poll);
    }

    async function fetchOrder() {
      const asked = epoch;
      const number = props.number;
      const answer = await getOrder(number);
      if (asked !== epoch || number !== props.number) return null;
      return answer;
    }

    // Update rows in place (same objects, same keys): what a user sees while the pane stays open.
    function merge(fresh) {
      const byId = new Map(notifications.value.map((n) => [n.id, n]));
      const rows = (fresh.notifications || []).map((incoming) => {
        const existing = byId.get(incoming.id);
        return existing ? Object.assign(existing, incoming) : { ...incoming };
      });
      notifications.value = rows;
      order.value = { ...fresh, notifications: undefined };
    }

    async function poll() {
      try {
        const fresh = await fetchOrder();
        if (fresh) merge(fresh);
      } catch (err) {
        // A failed poll is retried by the next one; a 401 has already left the page.
        if (err.status === 401) return;
      }
      schedulePoll();
    }

    async function rerender() {
      try {
        const fresh = await fetchOrder();
        if (!fresh) return;
        order.value = { ...fresh, notifications: undefined };
        notifications.value = (fresh.notifications || []).map((n) => ({ ...n }));
        generation.value += 1;
        schedulePoll();
      } catch (err) {
        // The next tick tries again.
      }
    }

    async function load() {
      timers.stop();
      epoch += 1;
      pollsAfterError = 0;
      order.value = null;
      notifications.value = [];
      notFound.value = false;
      loadError.value = '';
      tab.value = 'details';
      if (!props.number) return;
      loading.value = true;
      try {
        // The UI switches can change at run time; they are read as the pane opens.
        const [fresh] = await Promise.all([fetchOrder(), loadUiConfig()]);
        if (!fresh) return;
        merge(fresh);
        schedulePoll();
        const every = Number(session.uiConfig.rerender_ms) || 0;
        if (every > 0) timers.rerenderEvery(rerender, every);
      } catch (err) {
        if (err.status === 404) notFound.value = true;
        else if (err.status !== 401) loadError.value = err.message;
      } finally {
        loading.value = false;
      }
    }

    watch(() => props.number, load, { immediate: true });
    onBeforeUnmount(timers.stop);

    function actionLabel(notification) {
      return labelOf(notification, word('action_retry', 'Retry'));
    }

    function integrationName(notification) {
      return word('integrations', notification.integration);
    }

    function requestRetry(notification) {
      if (session.uiConfig.confirm_retry) {
        confirm.value = { show: true, notification };
      } else {
        retry(notification);
      }
    }

    function confirmRetry() {
      const { notification } = confirm.value;
      confirm.value = { show: false, notification };
      if (notification) retry(notification);
    }

    async function retry(notification) {
      const id = notification.id;
      if (busy.busyIds.value.has(id)) return;
      busy.add(id);
      const label = actionLabel(notification);
      const integration = notification.integration;
      epoch += 1;
      try {
        const updated = await requestNotificationAction(notification);
        const row = notifications.value.find((n) => n.id === id);
        if (row && updated && updated.status) Object.assign(row, updated);
        else if (row) row.status = 'Processing';
        notify(`${label} requested for ${integration}`);
      } catch (err) {
        if (err.status === 401) return;
        pollsAfterError = POLLS_AFTER_ERROR;
        notify(err.message, 'error');
      } finally {
        epoch += 1;
        busy.remove(id);
      }
      // Whatever the answer said, show what the server now holds.
      timers.cancelPoll();
      poll();
    }

    function viewPayload(notification) {
      const o = order.value || {};
      const body = {
        event: 'order.created',
        integration: notification.integration,
        notification_id: notification.id,
        order: {
          number: o.number,
          created_at: o.created_at,
          status: o.status,
          total: o.total,
          customer: { name: o.customer_name, email: o.customer_email },
          shipping_address: o.shipping_address,
          items: o.items,
        },
      };
      payload.value = {
        show: true,
        title: `${notification.integration} payload`,
        json: JSON.stringify(body, null, 2),
      };
    }

    async function copyMessage(notification) {
      try {
        await navigator.clipboard.writeText(notification.message || '');
        notify('Message copied to clipboard');
      } catch (err) {
        notify('Could not copy the message', 'error');
      }
    }

    const history = computed(() => {
      const o = order.value;
      if (!o) return [];
      const events = [{ at: o.created_at, title: 'Order placed', text: `${o.customer_name} · ${formatMoney(o.total, o.currency)}`, color: 'primary' }];
      for (const n of notifications.value) {
        if (!n.last_attempt_at) continue;
        events.push({
          at: n.last_attempt_at,
          title: `${n.integration}: ${n.status}`,
          text: n.message || '',
          color: (STATUS_LOOK[n.status] || {}).color || 'grey',
        });
      }
      return events.sort((a, b) => String(b.at).localeCompare(String(a.at)));
    });

    const items = computed(() => ((order.value && order.value.items) || []).map((item) => {
      const quantity = Number(item.quantity ?? item.qty ?? 1);
      const price = item.price ?? item.unit_price ?? 0;
      return { sku: item.sku || '—', name: item.name || item.title || item.sku, quantity, price, total: quantity * Number(price) };
    }));

    function rowKey(notification) {
      return `${notification.id}:${generation.value}`;
    }

    function integrationLook(notification) {
      return INTEGRATION_LOOK[String(notification.integration).toLowerCase()] || { icon: 'mdi-connection', color: 'grey' };
    }

    function onDrawer(value) {
      if (!value) emit('close');
    }

    return {
      open, order, notifications, loading, notFound, loadError, reload: load, tab, busyIds: busy.busyIds, confirm, payload, history, items,
      onDrawer, actionLabel, integrationName, word, rowMenuLabel: () => word('row_menu', null), requestRetry, confirmRetry, viewPayload, copyMessage, rowKey,
      integrationLook, addressLines, formatDate, formatTime, formatDateTime, formatMoney, orderStatusColor,
      close: () => emit('close'),
    };
  },
  template: `
  <v-navigation-drawer :model-value="open" @update:model-value="onDrawer" location="right" temporary disable-route-watcher
    width="720" class="order-pane">
    <v-toolbar color="surface" density="comfortable" border="b">
      <v-toolbar-title class="font-weight-medium">Order #{{ number || (order && order.number) }}</v-toolbar-title>
      <v-chip v-if="order" size="small" variant="tonal" :color="orderStatusColor(order.status)" class="mr-2">{{ order.status }}</v-chip>
      <v-btn icon="mdi-close" variant="text" @click="close" />
    </v-toolbar>
    <v-progress-linear v-if="loading" indeterminate color="primary" />

    <div v-if="notFound" class="pa-8 text-center text-medium-emphasis">
      <v-icon icon="mdi-file-question-outline" size="48" class="mb-2" />
      <div>Order #{{ number }} was not found.</div>
    </div>
    <div v-else-if="loadError" class="pa-8 text-center">
      <v-icon icon="mdi-alert-circle-outline" color="error" size="48" class="mb-2" />
      <div class="mb-4">{{ loadError }}</div>
      <v-btn variant="tonal" color="primary" prepend-icon="mdi-refresh" @click="reload">Try again</v-btn>
    </div>
    <div v-else-if="!order && loading" class="pa-4">
      <v-skeleton-loader type="list-item-two-line, table-heading, table-row-divider, table-row-divider" />
    </div>
    <template v-else>
      <div class="px-4 pt-3 pb-1 text-body-2 text-medium-emphasis">
        {{ order.customer_name }} · {{ order.customer_email }} · {{ formatDateTime(order.created_at) }}
      </div>
      <v-tabs v-model="tab" color="primary" density="comfortable" class="px-2">
        <v-tab value="details">Details</v-tab>
        <v-tab value="items">Items</v-tab>
        <v-tab value="notifications">{{ word('tab_notifications', 'Notifications') }}</v-tab>
        <v-tab value="history">History</v-tab>
      </v-tabs>
      <v-divider />
      <v-tabs-window v-model="tab">
        <v-tabs-window-item value="details">
          <div class="pa-4">
            <v-row dense>
              <v-col cols="6">
                <div class="field-label">Order number</div><div class="field-value">{{ order.number }}</div>
              </v-col>
              <v-col cols="6">
                <div class="field-label">Date</div><div class="field-value">{{ formatDateTime(order.created_at) }}</div>
              </v-col>
              <v-col cols="6">
                <div class="field-label">Customer</div><div class="field-value">{{ order.customer_name }}</div>
              </v-col>
              <v-col cols="6">
                <div class="field-label">Email</div><div class="field-value">{{ order.customer_email }}</div>
              </v-col>
              <v-col cols="6">
                <div class="field-label">Total</div><div class="field-value">{{ formatMoney(order.total, order.currency) }}</div>
              </v-col>
              <v-col cols="6">
                <div class="field-label">Status</div><div class="field-value">{{ order.status }}</div>
              </v-col>
              <v-col cols="12">
                <div class="field-label">Shipping address</div>
                <div class="field-value">
                  <div v-for="(line, index) in addressLines(order.shipping_address)" :key="index">{{ line }}</div>
                  <div v-if="!addressLines(order.shipping_address).length">—</div>
                </div>
              </v-col>
            </v-row>
          </div>
        </v-tabs-window-item>

        <v-tabs-window-item value="items">
          <v-table density="comfortable">
            <thead>
              <tr><th>SKU</th><th>Product</th><th class="text-end">Qty</th><th class="text-end">Price</th><th class="text-end">Total</th></tr>
            </thead>
            <tbody>
              <tr v-for="(item, index) in items" :key="index">
                <td>{{ item.sku }}</td><td>{{ item.name }}</td><td class="text-end">{{ item.quantity }}</td>
                <td class="text-end">{{ formatMoney(item.price, order.currency) }}</td><td class="text-end">{{ formatMoney(item.total, order.currency) }}</td>
              </tr>
              <tr v-if="!items.length"><td colspan="5" class="text-center text-medium-emphasis">No items</td></tr>
            </tbody>
          </v-table>
        </v-tabs-window-item>

        <v-tabs-window-item value="notifications">
          <v-table density="compact" class="notifications-table">
            <thead>
              <tr>
                <th>Integration</th><th>Status</th><th>Last attempt</th><th class="text-center">Attempts</th><th>Message</th><th class="actions-cell"></th>
              </tr>
            </thead>
            <tbody>
              <tr v-for="n in notifications" :key="rowKey(n)">
                <td class="text-no-wrap">
                  <v-avatar size="24" rounded="sm" variant="tonal" :color="integrationLook(n).color" class="mr-2">
                    <v-icon :icon="integrationLook(n).icon" size="16" />
                  </v-avatar>
                  <span class="font-weight-medium">{{ integrationName(n) }}</span>
                </td>
                <td><status-chip :status="n.status" /></td>
                <td class="text-body-2 last-attempt-cell">
                  <template v-if="n.last_attempt_at">
                    <div class="text-no-wrap">{{ formatDate(n.last_attempt_at) }}</div>
                    <div class="text-caption text-medium-emphasis text-no-wrap">{{ formatTime(n.last_attempt_at) }}</div>
                  </template>
                  <span v-else>—</span>
                </td>
                <td class="text-center">{{ n.attempts }}</td>
                <td class="message-cell text-body-2">{{ n.message || '—' }}</td>
                <td class="text-end actions-cell">
                  <v-menu location="bottom end">
                    <template #activator="{ props }">
                      <v-btn v-bind="props" icon="mdi-dots-vertical" variant="text" size="small" :aria-label="rowMenuLabel()" />
                    </template>
                    <v-list density="compact" min-width="180">
                      <v-list-item prepend-icon="mdi-refresh" :title="actionLabel(n)"
                        :disabled="n.status !== 'Failed' || busyIds.has(n.id)" @click="requestRetry(n)" />
                      <v-list-item prepend-icon="mdi-code-json" title="View payload" @click="viewPayload(n)" />
                      <v-list-item prepend-icon="mdi-content-copy" title="Copy message" :disabled="!n.message"
                        @click="copyMessage(n)" />
                    </v-list>
                  </v-menu>
                </td>
              </tr>
              <tr v-if="!notifications.length">
                <td colspan="6" class="text-center text-medium-emphasis py-6">No notifications for this order</td>
              </tr>
            </tbody>
          </v-table>
        </v-tabs-window-item>

        <v-tabs-window-item value="history">
          <div class="pa-4">
            <v-timeline side="end" density="compact" align="start">
              <v-timeline-item v-for="(event, index) in history" :key="index" :dot-color="event.color" size="x-small">
                <div class="font-weight-medium">{{ event.title }}</div>
                <div class="text-caption text-medium-emphasis">{{ formatDateTime(event.at) }}</div>
                <div v-if="event.text" class="text-body-2">{{ event.text }}</div>
              </v-timeline-item>
            </v-timeline>
          </div>
        </v-tabs-window-item>
      </v-tabs-window>
    </template>
  </v-navigation-drawer>

  <v-dialog v-model="confirm.show" max-width="440">
    <v-card rounded="lg">
      <v-card-title class="pt-4">Retry this notification?</v-card-title>
      <v-card-text v-if="confirm.notification">
        {{ confirm.notification.integration }} will be sent order #{{ order && order.number }} again.
      </v-card-text>
      <v-card-actions>
        <v-spacer />
        <v-btn variant="text" @click="confirm.show = false">Cancel</v-btn>
        <v-btn color="primary" variant="flat" @click="confirmRetry">Retry</v-btn>
      </v-card-actions>
    </v-card>
  </v-dialog>

  <v-dialog v-model="payload.show" max-width="680" scrollable>
    <v-card rounded="lg">
      <v-card-title class="d-flex align-center pt-4">
        <span>{{ payload.title }}</span>
        <v-spacer />
        <v-btn icon="mdi-close" variant="text" size="small" @click="payload.show = false" />
      </v-card-title>
      <v-divider />
      <v-card-text><pre class="payload-json">{{ payload.json }}</pre></v-card-text>
      <v-card-actions>
        <v-spacer />
        <v-btn variant="text" @click="payload.show = false">Close</v-btn>
      </v-card-actions>
    </v-card>
  </v-dialog>`,
};
