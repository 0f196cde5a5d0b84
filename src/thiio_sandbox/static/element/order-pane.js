// The order details pane: a drawer with the Details, Items, Notifications and History tabs.
// The Notifications tab is where the article's procedure happens: each integration row has a
// ⋮ menu (Retry / Resend, View payload, Copy message); after a retry the pane polls the order
// until no notification is Pending or Processing any more.
import { fetchOrder as getOrder, requestNotificationAction } from '../shared/api.js';
import { loadUiConfig } from '../shared/session.js';
import {
  POLLS_AFTER_ERROR, actionLabel, addressLines, anyUnsettled, paneTimers, useBusyIds,
} from '../shared/order-pane.js';
import { dateTime, money, notificationTagType, orderTagType } from './format.js';

const { ref, computed, watch, onBeforeUnmount } = Vue;
const { ElMessage, ElMessageBox } = ElementPlus;

export const OrderPane = {
  name: 'OrderPane',
  props: { number: { type: String, default: null } },
  emits: ['close'],
  setup(props, { emit }) {
    const order = ref(null);
    const loading = ref(false);
    const loadError = ref('');
    const activeTab = ref('details');
    const busy = useBusyIds();
    const payloadRow = ref(null);
    const visible = computed({
      get: () => Boolean(props.number),
      set: (open) => {
        if (!open) emit('close');
      },
    });
    const timers = paneTimers();
    let fetchGeneration = 0;

    const notifications = computed(() => (order.value && order.value.notifications) || []);
    const unsettled = computed(() => anyUnsettled(notifications.value));
    const history = computed(() => {
      if (!order.value) return [];
      const events = [{ at: order.value.created_at, text: 'Order placed', type: 'primary' }];
      for (const n of notifications.value) {
        if (n.last_attempt_at) {
          events.push({
            at: n.last_attempt_at,
            text: `${n.integration}: ${n.status}${n.message ? ` (${n.message})` : ''}`,
            type: notificationTagType(n.status),
          });
        }
      }
      return events.sort((a, b) => new Date(b.at) - new Date(a.at));
    });

    async function fetchOrder({ quiet = false } = {}) {
      const number = props.number;
      if (!number) return;
      const mine = ++fetchGeneration;
      if (!quiet) loading.value = true;
      try {
        const answer = await getOrder(number);
        if (mine !== fetchGeneration || number !== props.number) return;
        order.value = answer;
        loadError.value = '';
        return true;
      } catch (err) {
        if (mine === fetchGeneration && !quiet && err.status !== 401) {
          loadError.value = err.status === 404 ? `Order #${number} was not found.` : err.message;
        }
      } finally {
        if (mine === fetchGeneration) loading.value = false;
      }
      return false;
    }

    // Poll about once a second while something is in flight, like the real pane does.
    // `retriesLeft`: after a failed call the screen may be out of date (a 502 can come after
    // the server acted), so keep asking a few times even when nothing looks in flight.
    function pollWhileUnsettled(retriesLeft = 0) {
      timers.cancelPoll();
      if (!props.number || (!unsettled.value && retriesLeft <= 0)) return;
      timers.pollAfter(async () => {
        const fresh = await fetchOrder({ quiet: true });
        pollWhileUnsettled(fresh ? 0 : retriesLeft - 1);
      });
    }

    async function open() {
      timers.stop();
      order.value = null;
      loadError.value = '';
      activeTab.value = 'details';
      busy.clear();
      await fetchOrder();
      pollWhileUnsettled();
      const config = await loadUiConfig();
      const every = Number(config.rerender_ms) || 0;
      if (every > 0 && props.number) {
        timers.rerenderEvery(() => fetchOrder({ quiet: true }), every);
      }
    }

    watch(
      () => props.number,
      (number) => (number ? open() : timers.stop()),
      { immediate: true },
    );
    onBeforeUnmount(timers.stop);

    async function retry(row) {
      const label = actionLabel(row);
      const config = await loadUiConfig();
      if (config.confirm_retry) {
        try {
          await ElMessageBox.confirm(`${label} this notification?`, `${label} ${row.integration}`, {
            confirmButtonText: label,
            cancelButtonText: 'Cancel',
            type: 'warning',
          });
        } catch (cancelled) {
          return;
        }
      }
      busy.add(row.id);
      let refreshTries = 0;
      try {
        const updated = await requestNotificationAction(row);
        if (order.value && updated && updated.id !== undefined) {
          order.value = {
            ...order.value,
            notifications: notifications.value.map((n) => (n.id === updated.id ? { ...n, ...updated } : n)),
          };
        }
        ElMessage({
          type: 'success',
          message: `${label} started for ${row.integration}. The order is being reprocessed.`,
        });
      } catch (err) {
        if (err.status === 401) return;
        if (err.status === 409) {
          ElMessage({ type: 'warning', message: err.message || 'Only a failed notification can be retried.' });
        } else {
          ElMessage({ type: 'error', message: err.message });
        }
        // The request may have been carried out even though the answer was an error: show
        // what the server now says rather than what we hoped.
        refreshTries = (await fetchOrder({ quiet: true })) ? 0 : POLLS_AFTER_ERROR;
      } finally {
        busy.remove(row.id);
      }
      pollWhileUnsettled(refreshTries);
    }

    async function copyMessage(row) {
      const text = row.message || '';
      try {
        await navigator.clipboard.writeText(text);
        ElMessage({ type: 'success', message: 'Message copied to clipboard' });
      } catch (err) {
        ElMessage({ type: 'warning', message: 'Could not copy the message' });
      }
    }

    function onCommand(command, row) {
      if (command === 'retry') retry(row);
      else if (command === 'payload') payloadRow.value = row;
      else if (command === 'copy') copyMessage(row);
    }

    const payloadText = computed(() => {
      const row = payloadRow.value;
      if (!row || !order.value) return '';
      return JSON.stringify(
        {
          event: 'order.created',
          integration: row.integration,
          order: {
            number: order.value.number,
            total: order.value.total,
            customer: { name: order.value.customer_name, email: order.value.customer_email },
            items: (order.value.items || []).map((i) => ({ sku: i.sku, quantity: i.quantity, price: i.price })),
          },
        },
        null,
        2,
      );
    });

    const payloadVisible = computed({
      get: () => Boolean(payloadRow.value),
      set: (open) => {
        if (!open) payloadRow.value = null;
      },
    });

    const address = computed(() => addressLines(order.value && order.value.shipping_address).join('\n'));

    return {
      order, loading, loadError, activeTab, visible, notifications, history, busyIds: busy.busyIds, address,
      payloadRow, payloadVisible, payloadText, onCommand, actionLabel, dateTime, money,
      notificationTagType, orderTagType,
    };
  },
  template: `
  <el-drawer v-model="visible" direction="rtl" size="62%" class="order-drawer" :title="number ? 'Order #' + number : 'Order'">
    <div v-loading="loading && !order" class="order-pane">
      <el-alert v-if="loadError" :title="loadError" type="error" show-icon :closable="false" />
      <template v-if="order">
        <div class="order-summary">
          <div>
            <div class="order-summary-customer">{{ order.customer_name }}</div>
            <div class="order-summary-email">{{ order.customer_email }}</div>
          </div>
          <div class="order-summary-right">
            <el-tag :type="orderTagType(order.status)" size="large" disable-transitions>{{ order.status }}</el-tag>
            <div class="order-summary-total">{{ money(order.total) }}</div>
          </div>
        </div>
        <el-tabs v-model="activeTab" class="order-tabs">
          <el-tab-pane label="Details" name="details">
            <el-descriptions :column="2" border>
              <el-descriptions-item label="Order number">#{{ order.number }}</el-descriptions-item>
              <el-descriptions-item label="Placed">{{ dateTime(order.created_at) }}</el-descriptions-item>
              <el-descriptions-item label="Customer">{{ order.customer_name }}</el-descriptions-item>
              <el-descriptions-item label="Email">{{ order.customer_email }}</el-descriptions-item>
              <el-descriptions-item label="Total">{{ money(order.total) }}</el-descriptions-item>
              <el-descriptions-item label="Status">{{ order.status }}</el-descriptions-item>
              <el-descriptions-item label="Shipping address" :span="2"><span class="pre-line">{{ address || '—' }}</span></el-descriptions-item>
            </el-descriptions>
          </el-tab-pane>
          <el-tab-pane label="Items" name="items">
            <el-table :data="order.items || []" empty-text="No items">
              <el-table-column prop="sku" label="SKU" min-width="120" />
              <el-table-column prop="name" label="Product" min-width="200" />
              <el-table-column prop="quantity" label="Qty" width="80" align="right" />
              <el-table-column label="Price" width="120" align="right">
                <template #default="{ row }">{{ money(row.price) }}</template>
              </el-table-column>
            </el-table>
          </el-tab-pane>
          <el-tab-pane label="Notifications" name="notifications">
            <el-table :data="notifications" row-key="id" class="notifications-table" empty-text="No notifications">
              <el-table-column prop="integration" label="Integration" min-width="130" />
              <el-table-column label="Status" width="120">
                <template #default="{ row }">
                  <el-tag :type="notificationTagType(row.status)" disable-transitions>{{ row.status }}</el-tag>
                </template>
              </el-table-column>
              <el-table-column label="Last attempt" min-width="170">
                <template #default="{ row }">{{ dateTime(row.last_attempt_at) }}</template>
              </el-table-column>
              <el-table-column prop="attempts" label="Attempts" width="95" align="center" />
              <el-table-column label="Message" min-width="240">
                <template #default="{ row }"><span class="notification-message">{{ row.message || '—' }}</span></template>
              </el-table-column>
              <el-table-column width="64" align="center">
                <template #default="{ row }">
                  <el-dropdown trigger="click" placement="bottom-end" @command="(command) => onCommand(command, row)">
                    <el-button circle text :loading="busyIds.has(row.id)" class="row-menu-button">
                      <el-icon class="icon-vertical"><MoreFilled /></el-icon>
                    </el-button>
                    <template #dropdown>
                      <el-dropdown-menu>
                        <el-dropdown-item command="retry" :icon="'RefreshRight'" :disabled="row.status !== 'Failed'">{{ actionLabel(row) }}</el-dropdown-item>
                        <el-dropdown-item command="payload" :icon="'View'">View payload</el-dropdown-item>
                        <el-dropdown-item command="copy" :icon="'CopyDocument'">Copy message</el-dropdown-item>
                      </el-dropdown-menu>
                    </template>
                  </el-dropdown>
                </template>
              </el-table-column>
            </el-table>
          </el-tab-pane>
          <el-tab-pane label="History" name="history">
            <el-timeline class="order-history">
              <el-timeline-item v-for="(event, index) in history" :key="index" :timestamp="dateTime(event.at)" :type="event.type">{{ event.text }}</el-timeline-item>
            </el-timeline>
          </el-tab-pane>
        </el-tabs>
      </template>
    </div>
    <el-dialog v-model="payloadVisible" title="Notification payload" width="560px" append-to-body>
      <pre class="payload">{{ payloadText }}</pre>
      <template #footer><el-button @click="payloadVisible = false">Close</el-button></template>
    </el-dialog>
  </el-drawer>
  `,
};
