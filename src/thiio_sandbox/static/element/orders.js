// The Orders page: the search bar at the top, the orders table with pagination, and the order
// details pane (a drawer) for the order in the URL (/orders/12345).
import { orderPath } from '../shared/router.js';
import { useOrderList, useOrdersRoute, debounced } from '../shared/orders.js';
import { dateTime, money, orderTagType } from './format.js';
import { OrderPane } from './order-pane.js';

const { ref, watch, onMounted, onBeforeUnmount } = Vue;

const PER_PAGE = 25;

export const OrdersPage = {
  name: 'OrdersPage',
  components: { OrderPane },
  setup() {
    const { router, route, openNumber, searchInUrl } = useOrdersRoute();
    const search = ref(searchInUrl);
    const page = ref(Number(route.query.page) || 1);
    const loadError = ref('');
    const { orders, total, loading, load: loadOrders } = useOrderList({
      onError: (err) => {
        loadError.value = err.message;
      },
    });

    function load() {
      loadError.value = '';
      loadOrders({ search: search.value, page: page.value, perPage: PER_PAGE });
    }

    function syncQuery() {
      const query = {};
      if (search.value.trim()) query.search = search.value.trim();
      if (page.value > 1) query.page = String(page.value);
      router.replace({ path: route.path, query });
    }

    const typing = debounced(() => {
      page.value = 1;
      syncQuery();
      load();
    });
    const searchNow = typing.now;

    watch(search, typing.later);

    function onPage(newPage) {
      page.value = newPage;
      syncQuery();
      load();
    }

    function openOrder(row) {
      router.push({ path: orderPath(row.number), query: route.query });
    }

    function closeOrder() {
      router.push({ path: '/orders', query: route.query });
    }

    onMounted(load);
    onBeforeUnmount(typing.cancel);

    return {
      search, page, orders, total, loading, loadError, openNumber, perPage: PER_PAGE,
      searchNow, onPage, openOrder, closeOrder, dateTime, money, orderTagType,
    };
  },
  template: `
  <div>
    <div class="page-head">
      <h1 class="page-title">Orders</h1>
      <div class="page-actions">
        <el-button :icon="'Download'">Export</el-button>
        <el-button type="primary" :icon="'Plus'">Create order</el-button>
      </div>
    </div>
    <el-card shadow="never" class="orders-card">
      <div class="orders-toolbar">
        <el-input
          v-model="search"
          class="orders-search"
          placeholder="Search orders by number, customer name or email"
          :prefix-icon="'Search'"
          clearable
          size="large"
          @keyup.enter="searchNow"
        />
      </div>
      <el-alert v-if="loadError" :title="loadError" type="error" show-icon :closable="false" class="orders-error" />
      <el-table
        :data="orders"
        v-loading="loading"
        row-key="number"
        row-class-name="orders-row"
        highlight-current-row
        empty-text="No orders match your search"
        @row-click="openOrder"
      >
        <el-table-column label="Order" min-width="110">
          <template #default="{ row }"><span class="order-number">#{{ row.number }}</span></template>
        </el-table-column>
        <el-table-column label="Date" min-width="170">
          <template #default="{ row }">{{ dateTime(row.created_at) }}</template>
        </el-table-column>
        <el-table-column prop="customer_name" label="Customer" min-width="160" />
        <el-table-column prop="customer_email" label="Email" min-width="220" />
        <el-table-column label="Total" min-width="110" align="right">
          <template #default="{ row }">{{ money(row.total) }}</template>
        </el-table-column>
        <el-table-column label="Status" min-width="120">
          <template #default="{ row }">
            <el-tag :type="orderTagType(row.status)" disable-transitions>{{ row.status }}</el-tag>
          </template>
        </el-table-column>
      </el-table>
      <div class="orders-pagination">
        <el-pagination
          background
          layout="total, prev, pager, next"
          :total="total"
          :page-size="perPage"
          :current-page="page"
          @current-change="onPage"
        />
      </div>
    </el-card>
    <OrderPane :number="openNumber" @close="closeOrder" />
  </div>
  `,
};
