// The landing page after login: a few figures and the latest orders.
import { fetchOrders } from '../shared/api.js';
import { orderPath } from '../shared/router.js';
import { dateTime, money, orderTagType } from './format.js';

const { ref, onMounted } = Vue;

export const DashboardPage = {
  name: 'DashboardPage',
  setup() {
    const router = VueRouter.useRouter();
    const recent = ref([]);
    const total = ref(null);
    const loading = ref(true);

    onMounted(async () => {
      try {
        const answer = await fetchOrders({ page: 1, perPage: 5 });
        recent.value = (answer && answer.data) || [];
        total.value = answer ? answer.total : 0;
      } catch (err) {
        recent.value = [];
      } finally {
        loading.value = false;
      }
    });

    function openOrder(row) {
      router.push(orderPath(row.number));
    }

    return { recent, total, loading, openOrder, dateTime, money, orderTagType };
  },
  template: `
  <div>
    <div class="page-head"><h1 class="page-title">Dashboard</h1></div>
    <el-row :gutter="16" class="dashboard-stats">
      <el-col :span="8"><el-card shadow="never"><el-statistic title="Orders" :value="total || 0" /></el-card></el-col>
      <el-col :span="8"><el-card shadow="never"><el-statistic title="Active integrations" :value="4" /></el-card></el-col>
      <el-col :span="8"><el-card shadow="never"><el-statistic title="Conversion rate (%)" :value="3.4" :precision="1" /></el-card></el-col>
    </el-row>
    <el-card shadow="never" header="Latest orders">
      <el-table :data="recent" v-loading="loading" row-class-name="orders-row" @row-click="openOrder" empty-text="No orders yet">
        <el-table-column label="Order" min-width="110"><template #default="{ row }">#{{ row.number }}</template></el-table-column>
        <el-table-column label="Date" min-width="170"><template #default="{ row }">{{ dateTime(row.created_at) }}</template></el-table-column>
        <el-table-column prop="customer_name" label="Customer" min-width="160" />
        <el-table-column label="Total" min-width="110" align="right"><template #default="{ row }">{{ money(row.total) }}</template></el-table-column>
        <el-table-column label="Status" min-width="120"><template #default="{ row }"><el-tag :type="orderTagType(row.status)" disable-transitions>{{ row.status }}</el-tag></template></el-table-column>
      </el-table>
    </el-card>
  </div>
  `,
};
