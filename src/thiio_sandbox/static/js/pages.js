// The simpler pages of the admin: plausible, not the subject of the runbook.
import { fetchOrders } from '../shared/api.js';
import { session } from '../shared/session.js';
import { orderPath } from '../shared/router.js';
import { formatDate, formatDateTime, formatMoney } from '../shared/format.js';
import { notify } from './toast.js';
import { orderStatusColor } from './colors.js';

const { ref, computed, onMounted, watch } = Vue;

async function recentOrders(search = '') {
  return fetchOrders({ search, page: 1, perPage: 100 });
}

export const DashboardPage = {
  name: 'DashboardPage',
  setup() {
    const router = VueRouter.useRouter();
    const loading = ref(true);
    const totalOrders = ref(0);
    const orders = ref([]);
    onMounted(async () => {
      try {
        const answer = await recentOrders();
        totalOrders.value = answer.total || 0;
        orders.value = answer.data || [];
      } catch (err) {
        if (err.status !== 401) notify(err.message, 'error');
      } finally {
        loading.value = false;
      }
    });
    const revenue = computed(() => orders.value.reduce((sum, o) => sum + Number(o.total || 0), 0));
    const customers = computed(() => new Set(orders.value.map((o) => String(o.customer_email).toLowerCase())).size);
    const average = computed(() => (orders.value.length ? revenue.value / orders.value.length : 0));
    const stats = computed(() => [
      { title: 'Orders', value: totalOrders.value.toLocaleString('en-US'), note: 'All time', icon: 'mdi-cart-outline', color: 'primary' },
      { title: 'Revenue', value: formatMoney(revenue.value), note: 'Last 100 orders', icon: 'mdi-currency-usd', color: 'success' },
      { title: 'Average order value', value: formatMoney(average.value), note: 'Last 100 orders', icon: 'mdi-chart-line', color: 'info' },
      { title: 'Customers', value: customers.value.toLocaleString('en-US'), note: 'Last 100 orders', icon: 'mdi-account-group-outline', color: 'deep-purple' },
    ]);
    const latest = computed(() => orders.value.slice(0, 6));
    const firstName = computed(() => String((session.user && session.user.name) || '').split(' ')[0]);
    const open = (number) => router.push(orderPath(number));
    return { loading, stats, latest, firstName, open, formatDateTime, formatMoney, orderStatusColor };
  },
  template: `
  <v-container fluid class="pa-6">
    <h1 class="text-h5 font-weight-medium">Dashboard</h1>
    <div class="text-body-2 text-medium-emphasis mb-4">Welcome back<span v-if="firstName">, {{ firstName }}</span>. Here is what is happening in your store.</div>
    <v-row>
      <v-col v-for="stat in stats" :key="stat.title" cols="12" sm="6" lg="3">
        <v-card rounded="lg" elevation="1">
          <v-card-text class="d-flex align-center">
            <v-avatar :color="stat.color" variant="tonal" size="48" rounded="lg" class="mr-4"><v-icon :icon="stat.icon" /></v-avatar>
            <div>
              <div class="text-caption text-medium-emphasis">{{ stat.title }}</div>
              <div class="text-h6 font-weight-bold">
                <v-progress-circular v-if="loading" indeterminate size="20" width="2" />
                <span v-else>{{ stat.value }}</span>
              </div>
              <div class="text-caption text-medium-emphasis">{{ stat.note }}</div>
            </div>
          </v-card-text>
        </v-card>
      </v-col>
    </v-row>
    <v-card rounded="lg" elevation="1" class="mt-6">
      <v-card-title class="text-subtitle-1 font-weight-medium">Latest orders</v-card-title>
      <v-progress-linear v-if="loading" indeterminate color="primary" />
      <v-table density="comfortable">
        <thead><tr><th>Order #</th><th>Date</th><th>Customer</th><th class="text-end">Total</th><th>Status</th></tr></thead>
        <tbody>
          <tr v-for="o in latest" :key="o.number" class="cursor-pointer" @click="open(o.number)">
            <td class="text-primary font-weight-medium">{{ o.number }}</td>
            <td>{{ formatDateTime(o.created_at) }}</td>
            <td>{{ o.customer_name }}</td>
            <td class="text-end">{{ formatMoney(o.total, o.currency) }}</td>
            <td><v-chip size="small" variant="tonal" :color="orderStatusColor(o.status)">{{ o.status }}</v-chip></td>
          </tr>
        </tbody>
      </v-table>
    </v-card>
  </v-container>`,
};

export const CustomersPage = {
  name: 'CustomersPage',
  setup() {
    const search = ref('');
    const loading = ref(false);
    const customers = ref([]);
    let timer = null;
    let latest = 0;
    async function load() {
      const id = ++latest;
      loading.value = true;
      try {
        const answer = await recentOrders(search.value.trim());
        if (id !== latest) return;
        const byEmail = new Map();
        for (const o of answer.data || []) {
          const key = String(o.customer_email).toLowerCase();
          const c = byEmail.get(key) || { name: o.customer_name, email: o.customer_email, orders: 0, spent: 0, last: o.created_at };
          c.orders += 1;
          c.spent += Number(o.total || 0);
          if (String(o.created_at) > String(c.last)) c.last = o.created_at;
          byEmail.set(key, c);
        }
        customers.value = [...byEmail.values()];
      } catch (err) {
        if (err.status !== 401) notify(err.message, 'error');
      } finally {
        if (id === latest) loading.value = false;
      }
    }
    watch(search, () => {
      clearTimeout(timer);
      timer = setTimeout(load, 300);
    });
    onMounted(load);
    const headers = [
      { title: 'Name', key: 'name' },
      { title: 'Email', key: 'email' },
      { title: 'Orders', key: 'orders', align: 'end' },
      { title: 'Total spent', key: 'spent', align: 'end' },
      { title: 'Last order', key: 'last' },
    ];
    return { search, loading, customers, headers, formatMoney, formatDate };
  },
  template: `
  <v-container fluid class="pa-6">
    <h1 class="text-h5 font-weight-medium mb-4">Customers</h1>
    <v-card rounded="lg" elevation="1">
      <div class="pa-4">
        <v-text-field v-model="search" label="Search customers" placeholder="Name or email" persistent-placeholder
          prepend-inner-icon="mdi-magnify" variant="outlined" density="comfortable" hide-details />
      </div>
      <v-data-table :headers="headers" :items="customers" :loading="loading" item-value="email" density="comfortable"
        loading-text="Loading customers…" no-data-text="No customers found.">
        <template #item.spent="{ item }">{{ formatMoney(item.spent) }}</template>
        <template #item.last="{ item }">{{ formatDate(item.last) }}</template>
      </v-data-table>
    </v-card>
  </v-container>`,
};

// The catalogue the default scenario's orders draw from; SKU-123 lacks its UltraCart item id,
// which is why its orders fail with "Item [SKU-123] specified in import file does not exist."
const PRODUCTS = [
  { name: 'Collagen Peptides, 30 servings', sku: 'TH-COLL-30', price: 34.0, ultracart: 'COLL30', stock: 412 },
  { name: 'Daily Greens Powder', sku: 'TH-GREENS-1', price: 49.0, ultracart: 'GREENS1', stock: 188 },
  { name: 'Keto Burn Capsules (60 ct)', sku: 'TH-KETO-60', price: 39.95, ultracart: 'KETO60', stock: 264 },
  { name: 'Omega-3 Softgels (90 ct)', sku: 'TH-OMEGA-90', price: 29.95, ultracart: 'OMEGA90', stock: 96 },
  { name: 'Deep Sleep Gummies', sku: 'TH-SLEEP-30', price: 24.99, ultracart: 'SLEEP30', stock: 340 },
  { name: 'Whey Protein, Vanilla 2 lb', sku: 'TH-PROT-VAN', price: 54.99, ultracart: 'PROTVAN2', stock: 71 },
  { name: 'Starter Bundle (3 items)', sku: 'TH-BUNDLE-3', price: 89.0, ultracart: 'BUNDLE3', stock: 57 },
  { name: 'Branded Shaker Bottle', sku: 'TH-SHAKER', price: 12.5, ultracart: 'SHAKER', stock: 1020 },
  { name: 'Electrolyte Drops (new)', sku: 'SKU-123', price: 19.95, ultracart: '', stock: 150 },
];

export const ProductsPage = {
  name: 'ProductsPage',
  setup() {
    const headers = [
      { title: 'Product', key: 'name' },
      { title: 'SKU', key: 'sku' },
      { title: 'Price', key: 'price', align: 'end' },
      { title: 'Stock', key: 'stock', align: 'end' },
      { title: 'UltraCart item ID', key: 'ultracart' },
    ];
    return { headers, products: PRODUCTS, formatMoney };
  },
  template: `
  <v-container fluid class="pa-6">
    <h1 class="text-h5 font-weight-medium mb-4">Products</h1>
    <v-card rounded="lg" elevation="1">
      <v-data-table :headers="headers" :items="products" item-value="sku" density="comfortable">
        <template #item.price="{ item }">{{ formatMoney(item.price) }}</template>
        <template #item.ultracart="{ item }">
          <span v-if="item.ultracart">{{ item.ultracart }}</span>
          <v-chip v-else size="small" color="warning" variant="tonal">Not mapped</v-chip>
        </template>
      </v-data-table>
    </v-card>
  </v-container>`,
};

const INTEGRATIONS = [
  { name: 'UltraCart', icon: 'mdi-cart-arrow-right', color: 'indigo', state: 'Connected', text: 'Sends paid orders to UltraCart for fulfilment.' },
  { name: 'Order Desk', icon: 'mdi-truck-delivery-outline', color: 'teal', state: 'Connected', text: 'Pushes orders to Order Desk for shipping.' },
  { name: 'Klaviyo', icon: 'mdi-email-fast-outline', color: 'deep-orange', state: 'Connected', text: 'Syncs customers, orders and abandoned carts.' },
  { name: 'System Webhook', icon: 'mdi-webhook', color: 'blue-grey', state: 'Active', text: 'Posts order events to your own endpoint.' },
  { name: 'Shopify', icon: 'mdi-shopping-outline', color: 'green', state: 'Not connected', text: 'Imports products and fulfils orders in Shopify.' },
  { name: 'Stripe', icon: 'mdi-credit-card-outline', color: 'purple', state: 'Connected', text: 'Payment gateway for card payments.' },
];

export const IntegrationsPage = {
  name: 'IntegrationsPage',
  setup() {
    const configure = (integration) => notify(`${integration.name} settings are managed by your account owner.`);
    return { integrations: INTEGRATIONS, configure };
  },
  template: `
  <v-container fluid class="pa-6">
    <h1 class="text-h5 font-weight-medium mb-4">Integrations</h1>
    <v-row>
      <v-col v-for="integration in integrations" :key="integration.name" cols="12" md="6" lg="4">
        <v-card rounded="lg" elevation="1" class="h-100">
          <v-card-item>
            <template #prepend>
              <v-avatar :color="integration.color" variant="tonal" rounded="lg"><v-icon :icon="integration.icon" /></v-avatar>
            </template>
            <v-card-title>{{ integration.name }}</v-card-title>
            <template #append>
              <v-chip size="small" variant="tonal" :color="integration.state === 'Not connected' ? 'grey' : 'success'">{{ integration.state }}</v-chip>
            </template>
          </v-card-item>
          <v-card-text class="text-body-2">{{ integration.text }}</v-card-text>
          <v-card-actions><v-btn variant="text" color="primary" @click="configure(integration)">Configure</v-btn></v-card-actions>
        </v-card>
      </v-col>
    </v-row>
  </v-container>`,
};

export const SettingsPage = {
  name: 'SettingsPage',
  setup() {
    const form = ref({
      account: (session.user && session.user.account) || 'Webforce Thiio',
      email: 'support@example.com',
      timezone: 'America/New_York',
      currency: 'USD',
      notify: true,
    });
    const save = () => notify('Settings saved');
    return { form, save, session };
  },
  template: `
  <v-container fluid class="pa-6">
    <h1 class="text-h5 font-weight-medium mb-4">Settings</h1>
    <v-card rounded="lg" elevation="1" max-width="720">
      <v-card-title class="text-subtitle-1 font-weight-medium">Account</v-card-title>
      <v-card-text>
        <v-text-field v-model="form.account" label="Account name" variant="outlined" density="comfortable" />
        <v-text-field v-model="form.email" label="Support email" variant="outlined" density="comfortable" />
        <v-select v-model="form.timezone" label="Time zone" variant="outlined" density="comfortable"
          :items="['America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Europe/London', 'UTC']" />
        <v-select v-model="form.currency" label="Currency" variant="outlined" density="comfortable" :items="['USD', 'EUR', 'GBP', 'CAD']" />
        <v-switch v-model="form.notify" label="Email me when an integration notification fails" color="primary" inset hide-details />
      </v-card-text>
      <v-card-actions class="px-4 pb-4"><v-spacer /><v-btn color="primary" variant="flat" @click="save">Save changes</v-btn></v-card-actions>
    </v-card>
  </v-container>`,
};
