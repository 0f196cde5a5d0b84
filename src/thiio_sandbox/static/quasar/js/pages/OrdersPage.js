import { api } from '../api.js'
import { formatDateTime, formatMoney, orderStatusStyle } from '../format.js'

const { ref, onMounted } = Vue
const { useRouter } = VueRouter
const { Notify } = Quasar

// The last search is kept while the app is open (e.g. across a re-login).
let lastSearch = ''

const columns = [
  { name: 'number', label: 'Order', field: 'number', align: 'left', format: v => `#${v}` },
  { name: 'created_at', label: 'Date', field: 'created_at', align: 'left', format: v => formatDateTime(v) },
  { name: 'customer_name', label: 'Customer', field: 'customer_name', align: 'left' },
  { name: 'customer_email', label: 'Email', field: 'customer_email', align: 'left' },
  { name: 'total', label: 'Total', field: 'total', align: 'right', format: (v, row) => formatMoney(v, row.currency) },
  { name: 'status', label: 'Status', field: 'status', align: 'left' }
]

export default {
  name: 'OrdersPage',
  template: `
    <q-page padding>
      <div class="page-head">
        <div>
          <div class="text-h5 text-weight-medium">Orders</div>
          <div class="text-body2 text-grey-7">All orders placed in your store.</div>
        </div>
        <q-space />
        <q-btn outline no-caps color="grey-8" icon="mdi-download-outline" label="Export" class="q-mr-sm" />
        <q-btn unelevated no-caps color="primary" icon="mdi-plus" label="New order" />
      </div>

      <q-table
        ref="tableRef"
        flat
        bordered
        class="orders-table"
        :rows="rows"
        :columns="columns"
        row-key="number"
        v-model:pagination="pagination"
        :loading="loading"
        :filter="filter"
        :rows-per-page-options="[10, 25, 50, 100]"
        no-data-label="No orders yet"
        no-results-label="No orders match your search"
        @request="onRequest"
        @row-click="openOrder"
      >
        <template v-slot:top>
          <q-input
            v-model="filter"
            outlined
            dense
            clearable
            debounce="400"
            class="orders-search"
            placeholder="Search by order number, customer name or email"
          >
            <template v-slot:prepend>
              <q-icon name="mdi-magnify" />
            </template>
          </q-input>
          <q-space />
          <div class="text-caption text-grey-7" v-if="pagination.rowsNumber">{{ pagination.rowsNumber }} orders</div>
        </template>

        <template v-slot:body-cell-number="props">
          <q-td :props="props">
            <span class="text-primary text-weight-medium">{{ props.value }}</span>
          </q-td>
        </template>

        <template v-slot:body-cell-status="props">
          <q-td :props="props">
            <q-chip dense square :color="statusStyle(props.value).color" :text-color="statusStyle(props.value).text" :label="props.value" />
          </q-td>
        </template>

        <template v-slot:no-data="{ message }">
          <div class="full-width column items-center q-py-xl text-grey-7">
            <q-icon name="mdi-cart-off" size="40px" color="grey-5" />
            <div class="text-subtitle1 q-mt-sm">{{ message }}</div>
            <div v-if="filter" class="text-body2">Try another order number, name or email.</div>
          </div>
        </template>
      </q-table>

      <router-view />
    </q-page>
  `,
  setup() {
    const router = useRouter()

    const tableRef = ref(null)
    const rows = ref([])
    const loading = ref(false)
    const filter = ref(lastSearch)
    const pagination = ref({ page: 1, rowsPerPage: 25, rowsNumber: 0, sortBy: null, descending: false })
    let requestId = 0

    async function onRequest(props) {
      const { page, rowsPerPage } = props.pagination
      const search = (props.filter || '').trim()
      const id = ++requestId
      loading.value = true
      const params = new URLSearchParams({ search, page: String(page), per_page: String(rowsPerPage) })
      try {
        const data = await api.get(`/api/orders?${params}`)
        if (id !== requestId) return
        rows.value = data.data
        pagination.value = { ...props.pagination, page: data.page, rowsPerPage: data.per_page, rowsNumber: data.total }
        lastSearch = search
      } catch (e) {
        if (id !== requestId) return
        if (!e.handled) Notify.create({ type: 'negative', message: e.message })
      } finally {
        if (id === requestId) loading.value = false
      }
    }

    function openOrder(evt, row) {
      router.push({ name: 'order', params: { number: row.number } })
    }

    onMounted(() => {
      tableRef.value.requestServerInteraction()
    })

    return {
      tableRef, rows, columns, loading, filter, pagination,
      onRequest, openOrder, statusStyle: orderStatusStyle
    }
  }
}
