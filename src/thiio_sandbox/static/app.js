// Entry point of the Thiio sandbox SPA: Vue 3 + vue-router (history mode) + Vuetify 3,
// all vendored under /static/vendor/ (globals Vue, VueRouter, Vuetify).
import { onUnauthorized, SESSION_EXPIRED } from './js/api.js';
import { session, toast } from './js/state.js';
import { checkSession } from './js/session.js';
import { LoginPage } from './js/login.js';
import { AppShell } from './js/shell.js';
import { OrdersPage } from './js/orders.js';
import {
  DashboardPage, CustomersPage, ProductsPage, IntegrationsPage, SettingsPage,
} from './js/pages.js';

const routes = [
  { path: '/login', component: LoginPage, meta: { public: true } },
  {
    path: '/',
    component: AppShell,
    children: [
      { path: '', redirect: '/dashboard' },
      { path: 'dashboard', component: DashboardPage },
      { path: 'orders/:number?', component: OrdersPage },
      { path: 'customers', component: CustomersPage },
      { path: 'products', component: ProductsPage },
      { path: 'integrations', component: IntegrationsPage },
      { path: 'settings', component: SettingsPage },
    ],
  },
  { path: '/:unknown(.*)*', redirect: '/dashboard' },
];

const router = VueRouter.createRouter({ history: VueRouter.createWebHistory(), routes });

const TITLES = {
  '/login': 'Sign in', '/dashboard': 'Dashboard', '/orders': 'Orders', '/customers': 'Customers',
  '/products': 'Products', '/integrations': 'Integrations', '/settings': 'Settings',
};

router.beforeEach(async (to) => {
  if (!session.checked) await checkSession();
  if (to.meta.public) return session.user ? '/dashboard' : true;
  if (!session.user) {
    return { path: '/login', query: to.fullPath && to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  }
  return true;
});

router.afterEach((to) => {
  const section = Object.keys(TITLES).find((path) => to.path.startsWith(path));
  document.title = section ? `${TITLES[section]} · Thiio` : 'Thiio';
});

onUnauthorized(() => {
  if (!session.user) return; // already on the way out
  session.user = null;
  session.showWhatsNew = false;
  session.notice = SESSION_EXPIRED;
  const current = router.currentRoute.value;
  router.replace({ path: '/login', query: current.meta.public ? {} : { redirect: current.fullPath } });
});

const App = {
  name: 'ThiioAdmin',
  setup() {
    return { toast };
  },
  template: `
  <v-app>
    <router-view />
    <v-snackbar v-model="toast.show" :color="toast.color" :timeout="toast.timeout" location="bottom right">
      {{ toast.text }}
      <template #actions><v-btn variant="text" @click="toast.show = false">Close</v-btn></template>
    </v-snackbar>
  </v-app>`,
};

const vuetify = Vuetify.createVuetify({
  theme: {
    defaultTheme: 'thiio',
    themes: {
      thiio: {
        dark: false,
        colors: {
          primary: '#3D5AFE',
          secondary: '#5C6BC0',
          background: '#F5F6FA',
          surface: '#FFFFFF',
          success: '#2E7D32',
          error: '#D32F2F',
          info: '#1976D2',
          warning: '#ED6C02',
        },
      },
    },
  },
  defaults: {
    VBtn: { class: 'text-none' },
  },
});

Vue.createApp(App).use(router).use(vuetify).mount('#app');
