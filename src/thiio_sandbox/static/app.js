// Entry point of the Thiio sandbox SPA: Vue 3 + vue-router (history mode) + Vuetify 3,
// all vendored under /static/vendor/ (globals Vue, VueRouter, Vuetify).
import { SESSION_EXPIRED } from './shared/api.js';
import { session, configureSession } from './shared/session.js';
import { createAdminRouter, endSessionOnUnauthorized } from './shared/router.js';
import { toast } from './js/toast.js';
import { LoginPage } from './js/login.js';
import { AppShell } from './js/shell.js';
import { OrdersPage } from './js/orders.js';
import {
  DashboardPage, CustomersPage, ProductsPage, IntegrationsPage, SettingsPage,
} from './js/pages.js';

// A gateway hiccup on the first GET /api/me must not look like "signed out": asked 3 times.
configureSession({ meAttempts: 3, noticeWhenUnreachable: true });

const router = createAdminRouter({
  login: LoginPage,
  shell: AppShell,
  pages: {
    '/dashboard': DashboardPage,
    '/orders': OrdersPage,
    '/customers': CustomersPage,
    '/products': ProductsPage,
    '/integrations': IntegrationsPage,
    '/settings': SettingsPage,
  },
  titles: true,
  loginTitle: 'Sign in',
});

endSessionOnUnauthorized(router, {
  notice: SESSION_EXPIRED,
  alreadyLeaving: () => !session.user,
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
