import { api } from '../api.js'
import { notifyError } from '../store.js'
import { formatDateTime, formatMoney, orderStatusColor } from '../format.js'
import OrderPane from '../components/OrderPane.js'

const { ref, computed, watch, onBeforeUnmount } = Vue
const { useRoute, useRouter } = VueRouter

const SEARCH_DEBOUNCE_MS = 400

export default {
  name: 'OrdersPage',
  components: { OrderPane },
  setup() {
    const route = useRoute()
    const router = useRouter()

    const headers = [
      { title: 'Order', key: 'number', sortable: false },
      { title: 'Date', key: 'created_at', sortable: false },
      { title: 'Customer', key: 'customer_name', sortable: false },
      { title: 'Email', key: 'customer_email', sortable: false },
      { title: 'Total', key: 'total', sortable: false, align: 'end' },
      { title: 'Status', key: 'status', sortable: false },
    ]

    const searchInput = ref(typeof route.query.search === 'string' ? route.query.search : '')
    const search = ref(searchInput.value)
    const page = ref(1)
    const itemsPerPage = ref(25)
    const orders = ref([])
    const total = ref(0)
    const loading = ref(false)
    let requestSeq = 0
    let debounceTimer = null

    watch(searchInput, (value) => {
      clearTimeout(debounceTimer)
      debounceTimer = setTimeout(() => applySearch(value), SEARCH_DEBOUNCE_MS)
    })

    function applySearch(value) {
      clearTimeout(debounceTimer)
      const term = (value || '').trim()
      if (term === search.value) return
      page.value = 1
      search.value = term
    }

    function searchNow() {
      applySearch(searchInput.value)
    }

    async function loadItems({ page: p, itemsPerPage: perPage }) {
      const seq = ++requestSeq
      loading.value = true
      try {
        const result = await api.orders({ search: search.value, page: p, perPage: perPage > 0 ? perPage : 100 })
        if (seq !== requestSeq) return
        orders.value = result.data
        total.value = result.total
      } catch (e) {
        if (seq !== requestSeq) return
        notifyError(e)
      } finally {
        if (seq === requestSeq) loading.value = false
      }
    }

    const selectedNumber = computed(() => route.params.number || null)

    function openOrder(event, { item }) {
      router.push({ name: 'orders', params: { number: item.number } })
    }

    function closeOrder() {
      if (route.params.number) router.push({ name: 'orders' })
    }

    const noDataText = computed(() =>
      search.value ? `No orders match “${search.value}”.` : 'No orders yet.',
    )

    onBeforeUnmount(() => clearTimeout(debounceTimer))

    return {
      headers, searchInput, search, page, itemsPerPage, orders, total, loading, noDataText,
      selectedNumber, loadItems, searchNow, openOrder, closeOrder,
      formatDateTime, formatMoney, orderStatusColor,
    }
  },
  template: `
    <v-container fluid class="pa-6">
      <div class="d-flex align-center mb-4">
        <div>
          <h1 class="text-h5 font-weight-medium">Orders</h1>
          <div class="text-body-2 text-medium-emphasis">Every order placed through your funnels and checkouts.</div>
        </div>
      </div>

      <v-card>
        <v-card-title class="d-flex align-center pe-2 py-3">
          <v-icon icon="mdi-cart-outline" size="small" class="me-2"></v-icon>
          All orders
          <v-spacer></v-spacer>
          <v-text-field
            v-model="searchInput"
            density="compact"
            label="Search by order #, customer name or email"
            prepend-inner-icon="mdi-magnify"
            variant="solo-filled"
            flat
            hide-details
            single-line
            clearable
            style="max-width: 420px"
            @keydown.enter="searchNow"
          ></v-text-field>
        </v-card-title>

        <v-divider></v-divider>

        <v-data-table-server
          v-model:page="page"
          v-model:items-per-page="itemsPerPage"
          class="orders-table"
          :headers="headers"
          :items="orders"
          :items-length="total"
          :items-per-page-options="[10, 25, 50, 100]"
          :loading="loading"
          :search="search"
          :no-data-text="noDataText"
          loading-text="Loading orders…"
          item-value="number"
          hover
          @update:options="loadItems"
          @click:row="openOrder"
        >
          <template #item.number="{ item }">
            <span class="font-weight-medium text-primary">#{{ item.number }}</span>
          </template>
          <template #item.created_at="{ item }">
            <span class="text-no-wrap">{{ formatDateTime(item.created_at) }}</span>
          </template>
          <template #item.customer_email="{ item }">
            <span class="text-medium-emphasis">{{ item.customer_email }}</span>
          </template>
          <template #item.total="{ item }">
            <span class="text-no-wrap">{{ formatMoney(item.total, item.currency) }}</span>
          </template>
          <template #item.status="{ item }">
            <v-chip :color="orderStatusColor(item.status)" size="small" variant="tonal">{{ item.status }}</v-chip>
          </template>
        </v-data-table-server>
      </v-card>

      <order-pane :number="selectedNumber" @close="closeOrder"></order-pane>
    </v-container>
  `,
}
