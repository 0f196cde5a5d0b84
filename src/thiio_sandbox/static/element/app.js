// The Element Plus variant of the Thiio sandbox admin: its pages on the shared routes (login
// guard, what a 401 means: ../shared/router.js), and the Element Plus + icon registration.
// Served at the site root like the main UI.
import { configureSession } from '../shared/session.js';
import { createAdminRouter, endSessionOnUnauthorized } from '../shared/router.js';
import { LoginPage } from './login.js';
import { AppShell, placeholderPage } from './shell.js';
import { DashboardPage } from './dashboard.js';
import { OrdersPage } from './orders.js';

// Only the icons the screens use are registered, under their Element Plus names.
const ICONS = [
  'ArrowDown', 'Bell', 'Connection', 'CopyDocument', 'Download', 'Goods', 'MoreFilled',
  'Odometer', 'Plus', 'RefreshRight', 'Search', 'Setting', 'Tickets', 'User', 'View',
];

// The UI switches read before stay when reading them again fails.
configureSession({ keepUiConfigOnError: true });

const router = createAdminRouter({
  login: LoginPage,
  shell: AppShell,
  pages: {
    '/dashboard': DashboardPage,
    '/orders': OrdersPage,
    '/customers': placeholderPage('Customers', 'Customer management is not part of this sandbox'),
    '/products': placeholderPage('Products', 'Product management is not part of this sandbox'),
    '/integrations': placeholderPage('Integrations', 'Ultracart, Order Desk, Klaviyo and System Webhook are connected'),
    '/settings': placeholderPage('Settings', 'Account settings are not part of this sandbox'),
  },
});

endSessionOnUnauthorized(router, {
  notice: 'Your session has expired. Please log in again.',
  alreadyLeaving: (here) => here.meta.public,
  beforeLeaving: () => ElementPlus.ElMessageBox.close(),
});

const app = Vue.createApp({ template: '<router-view />' });
app.use(ElementPlus);
for (const name of ICONS) app.component(name, ElementPlusIconsVue[name]);
app.use(router);
app.mount('#app');
