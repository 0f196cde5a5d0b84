// The orders list: one page of orders at a time from the server, the latest search winning;
// the order open in the pane is the one in the URL (/orders/<number>).
import { fetchOrders } from './api.js';

const { ref, computed } = Vue;

const SEARCH_DEBOUNCE_MS = 300;

// The Orders page's route: the open order's number (null: none) and the ?search= it came with.
export function useOrdersRoute() {
  const router = VueRouter.useRouter();
  const route = VueRouter.useRoute();
  const openNumber = computed(() => (route.params.number ? String(route.params.number) : null));
  const searchInUrl = typeof route.query.search === 'string' ? route.query.search : '';
  return { router, route, openNumber, searchInUrl };
}

// `onError(err)`: a failed load that is still the latest one (a 401 has already left the page).
export function useOrderList({ onError }) {
  const orders = ref([]);
  const total = ref(0);
  const loading = ref(false);
  let latestRequest = 0;

  async function load({ search, page, perPage }) {
    const requestId = ++latestRequest;
    loading.value = true;
    try {
      const answer = await fetchOrders({ search: search.trim(), page, perPage });
      if (requestId !== latestRequest) return; // a newer search superseded this one
      orders.value = (answer && answer.data) || [];
      total.value = (answer && answer.total) || 0;
    } catch (err) {
      if (requestId !== latestRequest || err.status === 401) return;
      onError(err);
    } finally {
      if (requestId === latestRequest) loading.value = false;
    }
  }

  return { orders, total, loading, load };
}

// `run` once typing has paused for `ms`: `later()` (re)starts the wait, `now()` runs at once.
export function debounced(run, ms = SEARCH_DEBOUNCE_MS) {
  let timer = null;
  const cancel = () => clearTimeout(timer);
  return {
    later() {
      cancel();
      timer = setTimeout(run, ms);
    },
    now() {
      cancel();
      run();
    },
    cancel,
  };
}
