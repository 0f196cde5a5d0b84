import { api } from '../api.js'
import { session, notifyError } from '../store.js'
import { formatDate, formatMoney, orderStatusColor } from '../format.js'

const { ref, computed, onMounted } = Vue

export default {
  name: 'DashboardPage',
  setup() {
    const loading = ref(true)
    const total = ref(0)
    const recent = ref([])

    onMounted(async () => {
      try {
        const page = await api.orders({ perPage: 100 })
        total.value = page.total
        recent.value = page.data
      } catch (e) {
        notifyError(e)
      } finally {
        loading.value = false
      }
    })

    const revenue = computed(() => recent.value.reduce((sum, order) => sum + Number(order.total || 0), 0))
    const openOrders = computed(() => recent.value.filter((o) => o.status === 'Processing' || o.status === 'On Hold').length)
    const stats = computed(() => [
      { title: 'Total orders', value: total.value.toLocaleString('en-US'), icon: 'mdi-cart-outline', color: 'primary' },
      { title: 'Revenue (last 100 orders)', value: formatMoney(revenue.value), icon: 'mdi-cash-multiple', color: 'success' },
      { title: 'Open orders', value: String(openOrders.value), icon: 'mdi-progress-clock', color: 'warning' },
    ])
    const latest = computed(() => recent.value.slice(0, 6))
    const firstName = computed(() => ((session.user && session.user.name) || '').split(' ')[0])

    return { loading, stats, latest, firstName, formatDate, formatMoney, orderStatusColor }
  },
  template: `
    <v-container fluid class="pa-6">
      <div class="mb-6">
        <h1 class="text-h5 font-weight-medium">Welcome back{{ firstName ? ', ' + firstName : '' }}</h1>
        <div class="text-body-2 text-medium-emphasis">Here is what is happening with your store.</div>
      </div>

      <v-row>
        <v-col v-for="stat in stats" :key="stat.title" cols="12" md="4">
          <v-card>
            <v-card-text class="d-flex align-center">
              <v-avatar :color="stat.color" variant="tonal" size="48" rounded="lg" class="me-4">
                <v-icon :icon="stat.icon"></v-icon>
              </v-avatar>
              <div>
                <div class="text-body-2 text-medium-emphasis">{{ stat.title }}</div>
                <v-progress-circular v-if="loading" indeterminate size="20" width="2" class="mt-1"></v-progress-circular>
                <div v-else class="text-h6">{{ stat.value }}</div>
              </div>
            </v-card-text>
          </v-card>
        </v-col>
      </v-row>

      <v-card class="mt-6">
        <v-card-item>
          <v-card-title>Recent orders</v-card-title>
          <template #append>
            <v-btn to="/orders" variant="text" color="primary" append-icon="mdi-arrow-right">View all</v-btn>
          </template>
        </v-card-item>
        <v-progress-linear v-if="loading" indeterminate color="primary"></v-progress-linear>
        <v-list v-else lines="two">
          <v-list-item
            v-for="order in latest"
            :key="order.number"
            :to="'/orders/' + order.number"
            :title="'#' + order.number + ' · ' + order.customer_name"
            :subtitle="formatDate(order.created_at) + ' · ' + order.customer_email"
          >
            <template #append>
              <div class="d-flex align-center ga-3">
                <span class="text-body-2 font-weight-medium">{{ formatMoney(order.total, order.currency) }}</span>
                <v-chip :color="orderStatusColor(order.status)" size="small" variant="tonal">{{ order.status }}</v-chip>
              </div>
            </template>
          </v-list-item>
          <v-list-item v-if="!latest.length" title="No orders yet"></v-list-item>
        </v-list>
      </v-card>
    </v-container>
  `,
}
