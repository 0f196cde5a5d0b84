import { api } from '../api.js'
import { session } from '../session.js'
import { formatDate, formatMoney, orderStatusStyle } from '../format.js'

const { ref, computed, onMounted } = Vue
const { Notify } = Quasar

export default {
  name: 'DashboardPage',
  template: `
    <q-page padding>
      <div class="page-head">
        <div>
          <div class="text-h5 text-weight-medium">{{ greeting }}</div>
          <div class="text-body2 text-grey-7">Here is what is happening in your store.</div>
        </div>
      </div>

      <div class="row q-col-gutter-md">
        <div class="col-12 col-sm-6 col-lg-3" v-for="stat in stats" :key="stat.label">
          <q-card flat bordered class="stat-card">
            <q-card-section class="row items-center no-wrap">
              <q-avatar :color="stat.color" text-color="white" :icon="stat.icon" size="42px" />
              <div class="q-ml-md">
                <div class="text-caption text-grey-7">{{ stat.label }}</div>
                <div class="text-h6 text-weight-bold">
                  <q-skeleton v-if="loading" type="text" width="60px" />
                  <span v-else>{{ stat.value }}</span>
                </div>
              </div>
            </q-card-section>
          </q-card>
        </div>

        <div class="col-12 col-lg-8">
          <q-card flat bordered>
            <q-card-section class="row items-center">
              <div class="text-subtitle1 text-weight-medium">Recent orders</div>
              <q-space />
              <q-btn flat dense no-caps color="primary" label="View all" to="/orders" />
            </q-card-section>
            <q-separator />
            <q-markup-table flat>
              <thead>
                <tr>
                  <th class="text-left">Order</th>
                  <th class="text-left">Date</th>
                  <th class="text-left">Customer</th>
                  <th class="text-right">Total</th>
                  <th class="text-left">Status</th>
                </tr>
              </thead>
              <tbody>
                <tr v-for="order in recent" :key="order.number">
                  <td class="text-left">
                    <router-link class="text-primary text-weight-medium" :to="'/orders/' + order.number">#{{ order.number }}</router-link>
                  </td>
                  <td class="text-left">{{ formatDate(order.created_at) }}</td>
                  <td class="text-left">{{ order.customer_name }}</td>
                  <td class="text-right">{{ formatMoney(order.total, order.currency) }}</td>
                  <td class="text-left">
                    <q-chip dense square :color="orderStatusStyle(order.status).color" :text-color="orderStatusStyle(order.status).text" :label="order.status" />
                  </td>
                </tr>
                <tr v-if="!loading && !recent.length">
                  <td colspan="5" class="text-center text-grey-7">No orders yet</td>
                </tr>
              </tbody>
            </q-markup-table>
            <q-inner-loading :showing="loading" />
          </q-card>
        </div>

        <div class="col-12 col-lg-4">
          <q-card flat bordered>
            <q-card-section>
              <div class="text-subtitle1 text-weight-medium">Quick links</div>
            </q-card-section>
            <q-separator />
            <q-list>
              <q-item clickable v-ripple to="/orders">
                <q-item-section avatar><q-icon name="mdi-cart-outline" color="primary" /></q-item-section>
                <q-item-section>
                  <q-item-label>Orders</q-item-label>
                  <q-item-label caption>Search orders and check their integrations</q-item-label>
                </q-item-section>
              </q-item>
              <q-item clickable v-ripple to="/integrations">
                <q-item-section avatar><q-icon name="mdi-puzzle-outline" color="primary" /></q-item-section>
                <q-item-section>
                  <q-item-label>Integrations</q-item-label>
                  <q-item-label caption>UltraCart, Order Desk, Klaviyo, webhooks</q-item-label>
                </q-item-section>
              </q-item>
              <q-item clickable v-ripple to="/customers">
                <q-item-section avatar><q-icon name="mdi-account-group-outline" color="primary" /></q-item-section>
                <q-item-section>
                  <q-item-label>Customers</q-item-label>
                  <q-item-label caption>Your customer list</q-item-label>
                </q-item-section>
              </q-item>
            </q-list>
          </q-card>
        </div>
      </div>
    </q-page>
  `,
  setup() {
    const loading = ref(true)
    const recent = ref([])
    const total = ref(0)

    const greeting = computed(() => {
      const first = ((session.user && session.user.name) || '').split(' ')[0]
      return first ? `Welcome back, ${first}` : 'Welcome back'
    })

    const stats = computed(() => {
      const shown = recent.value
      const revenue = shown.reduce((sum, o) => sum + Number(o.total || 0), 0)
      const currency = (shown[0] && shown[0].currency) || 'USD'
      return [
        { label: 'Total orders', value: total.value, icon: 'mdi-cart-outline', color: 'primary' },
        { label: 'Revenue (last 5 orders)', value: formatMoney(revenue, currency), icon: 'mdi-cash-multiple', color: 'positive' },
        { label: 'Processing (last 5)', value: shown.filter(o => o.status === 'Processing').length, icon: 'mdi-progress-clock', color: 'info' },
        { label: 'Customers (last 5)', value: new Set(shown.map(o => o.customer_email)).size, icon: 'mdi-account-multiple-outline', color: 'accent' }
      ]
    })

    onMounted(async () => {
      try {
        const data = await api.get('/api/orders?page=1&per_page=5')
        recent.value = data.data
        total.value = data.total
      } catch (e) {
        if (!e.handled) Notify.create({ type: 'negative', message: e.message })
      } finally {
        loading.value = false
      }
    })

    return { loading, recent, stats, greeting, formatDate, formatMoney, orderStatusStyle }
  }
}
