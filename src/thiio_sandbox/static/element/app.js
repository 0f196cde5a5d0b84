// The Element Plus variant of the Thiio sandbox admin: routes, the login guard, what a 401
// means, and the Element Plus + icon registration. Served at the site root like the main UI.
import { onUnauthorized, SESSION_EXPIRED } from './api.js';
import { session, checkSession } from './state.js';
import { LoginPage } from './login.js';
import { AppShell, placeholderPage } from './shell.js';
import { DashboardPage } from './dashboard.js';
import { OrdersPage } from './orders.js';

// Only the icons the screens use are registered, under their Element Plus names.
const ICONS = [
  'ArrowDown', 'Bell', 'Connection', 'CopyDocument', 'Download', 'Goods', 'MoreFilled',
  'Odometer', 'Plus', 'RefreshRight', 'Search', 'Setting', 'Tickets', 'User', 'View',
];

const routes = [
  { path: '/login', component: LoginPage, meta: { public: true } },
  {
    path: '/',
    component: AppShell,
    children: [
      { path: '', redirect: '/dashboard' },
      { path: 'dashboard', component: DashboardPage },
      { path: 'orders', component: OrdersPage },
      { path: 'orders/:number', component: OrdersPage },
      { path: 'customers', component: placeholderPage('Customers', 'Customer management is not part of this sandbox') },
      { path: 'products', component: placeholderPage('Products', 'Product management is not part of this sandbox') },
      { path: 'integrations', component: placeholderPage('Integrations', 'Ultracart, Order Desk, Klaviyo and System Webhook are connected') },
      { path: 'settings', component: placeholderPage('Settings', 'Account settings are not part of this sandbox') },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/dashboard' },
];

const router = VueRouter.createRouter({ history: VueRouter.createWebHistory(), routes });

router.beforeEach(async (to) => {
  if (!session.checked) await checkSession();
  if (to.meta.public) return session.user ? '/dashboard' : true;
  if (!session.user) return { path: '/login', query: { redirect: to.fullPath } };
  return true;
});

// Any 401 from a session call: the session is over; say so on the login page and come back
// to where the user was after logging in again.
onUnauthorized(() => {
  const here = router.currentRoute.value;
  if (here.meta.public) return;
  session.user = null;
  session.showWhatsNew = false;
  session.notice = SESSION_EXPIRED;
  ElementPlus.ElMessageBox.close();
  router.replace({ path: '/login', query: { redirect: here.fullPath } });
});

const app = Vue.createApp({ template: '<router-view />' });
app.use(ElementPlus);
for (const name of ICONS) app.component(name, ElementPlusIconsVue[name]);
app.use(router);
app.mount('#app');
