// The Orders page: search bar at the top, server-side paginated table; a row opens the
// order details pane (also reachable as /orders/<number>).
import { word } from '../shared/session.js';
import { orderPath } from '../shared/router.js';
import { useOrderList, useOrdersRoute, debounced } from '../shared/orders.js';
import { formatDateTime, formatMoney } from '../shared/format.js';
import { notify } from './toast.js';
import { orderStatusColor } from './colors.js';
import { OrderPane } from './order-pane.js';

const { ref, watch, onBeforeUnmount } = Vue;

export const OrdersPage = {
  name: 'OrdersPage',
  components: { OrderPane },
  setup() {
    const { router, openNumber, searchInUrl } = useOrdersRoute();
    const search = ref(searchInUrl);
    const appliedSearch = ref(search.value);
    const page = ref(1);
    const perPage = ref(25);
    const { orders, total, loading, load: loadOrders } = useOrderList({
      onError: (err) => notify(err.message, 'error'),
    });

    const headers = [
      { title: 'Order #', key: 'number', sortable: false },
      { title: 'Date', key: 'created_at', sortable: false },
      { title: 'Customer', key: 'customer_name', sortable: false },
      { title: 'Email', key: 'customer_email', sortable: false },
      { title: 'Total', key: 'total', sortable: false, align: 'end' },
      { title: 'Status', key: 'status', sortable: false },
    ];

    function load() {
      loadOrders({ search: appliedSearch.value, page: page.value, perPage: perPage.value });
    }

    const typing = debounced(() => {
      if (appliedSearch.value === (search.value || '')) return;
      // The table's :search prop changes: it goes back to page 1 and asks for options.
      appliedSearch.value = search.value || '';
    });
    const applySearch = typing.now;

    watch(search, typing.later);

    // v-data-table-server asks for its first page on mount and on every page/search change.
    function onOptions(options) {
      page.value = options.page;
      perPage.value = options.itemsPerPage;
      load();
    }

    function openOrder(event, row) {
      router.push(orderPath(row.item.number));
    }

    function closeOrder() {
      if (openNumber.value) router.push('/orders');
    }

    onBeforeUnmount(typing.cancel);

    return {
      search, appliedSearch, page, perPage, orders, total, loading, headers, onOptions, applySearch,
      openNumber, openOrder, closeOrder, formatDateTime, formatMoney, orderStatusColor, word,
    };
  },
  template: `
  <v-container fluid class="pa-6">
    <div class="d-flex align-center mb-4">
      <div>
        <h1 class="text-h5 font-weight-medium">{{ word('nav_orders', 'Orders') }}</h1>
        <div class="text-body-2 text-medium-emphasis">All orders placed through your checkouts and funnels</div>
      </div>
      <v-spacer />
      <v-btn variant="outlined" prepend-icon="mdi-tray-arrow-down" class="text-none">Export</v-btn>
    </div>
    <v-card rounded="lg" elevation="1">
      <div class="pa-4">
        <v-text-field v-model="search" label="Search" placeholder="Search by order #, customer name or email"
          persistent-placeholder prepend-inner-icon="mdi-magnify" variant="outlined" density="comfortable"
          hide-details @keydown.enter="applySearch" />
      </div>
      <v-data-table-server
        :headers="headers"
        :items="orders"
        :items-length="total"
        :loading="loading"
        :search="appliedSearch"
        v-model:page="page"
        v-model:items-per-page="perPage"
        :items-per-page-options="[10, 25, 50, 100]"
        item-value="number"
        loading-text="Loading orders…"
        no-data-text="No orders match your search."
        hover
        class="orders-table"
        @update:options="onOptions"
        @click:row="openOrder">
        <template #item.number="{ item }"><span class="font-weight-medium text-primary">{{ item.number }}</span></template>
        <template #item.created_at="{ item }">{{ formatDateTime(item.created_at) }}</template>
        <template #item.total="{ item }">{{ formatMoney(item.total, item.currency) }}</template>
        <template #item.status="{ item }">
          <v-chip size="small" variant="tonal" :color="orderStatusColor(item.status)">{{ item.status }}</v-chip>
        </template>
      </v-data-table-server>
    </v-card>
    <order-pane :number="openNumber" @close="closeOrder" />
  </v-container>`,
};
