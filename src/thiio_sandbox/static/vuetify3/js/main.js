// Thiio admin (Vue 3 + Vuetify 3, no build step).
import { api, onUnauthorized } from './api.js'
import { session, loadUiConfig } from './store.js'
import App from './App.js'
import LoginPage from './pages/LoginPage.js'
import DashboardPage from './pages/DashboardPage.js'
import OrdersPage from './pages/OrdersPage.js'
import PlaceholderPage from './pages/PlaceholderPage.js'

const { createApp } = Vue
const { createRouter, createWebHistory } = VueRouter
const { createVuetify } = Vuetify

const placeholder = (path, title, icon, text) => ({
  path,
  name: path.slice(1),
  component: PlaceholderPage,
  props: { title, icon, text },
  meta: { title },
})

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/dashboard' },
    { path: '/login', name: 'login', component: LoginPage, meta: { public: true, title: 'Log in' } },
    { path: '/dashboard', name: 'dashboard', component: DashboardPage, meta: { title: 'Dashboard' } },
    { path: '/orders/:number?', name: 'orders', component: OrdersPage, meta: { title: 'Orders' } },
    placeholder('/customers', 'Customers', 'mdi-account-group-outline', 'Customer profiles, lifetime value and segments.'),
    placeholder('/products', 'Products', 'mdi-package-variant-closed', 'Your catalog, SKUs and product metadata.'),
    placeholder('/subscriptions', 'Subscriptions', 'mdi-autorenew', 'Recurring orders and rebill schedules.'),
    placeholder('/funnels', 'Funnels', 'mdi-filter-variant', 'Checkout funnels, upsells and downsells.'),
    placeholder('/integrations', 'Integrations', 'mdi-puzzle-outline', 'UltraCart, Order Desk, Klaviyo, Shopify and webhooks.'),
    placeholder('/reports', 'Reports', 'mdi-chart-box-outline', 'Sales, refunds and retention reports.'),
    placeholder('/settings', 'Settings', 'mdi-cog-outline', 'Account, users, payment gateways and notifications.'),
    { path: '/:pathMatch(.*)*', redirect: '/dashboard' },
  ],
})

router.beforeEach(async (to) => {
  if (!session.checked) {
    try {
      session.user = await api.me()
    } catch (e) {
      session.user = null
    }
    session.checked = true
  }
  if (to.meta.public) {
    return session.user && to.name === 'login' ? { name: 'dashboard' } : true
  }
  if (!session.user) {
    return { name: 'login', query: to.fullPath !== '/dashboard' ? { redirect: to.fullPath } : {} }
  }
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · Thiio` : 'Thiio'
})

// The session is gone (expired, or logged out elsewhere): back to the login page, then back here.
onUnauthorized(() => {
  if (!session.user) return true // already on the way to the login page
  session.user = null
  session.showWhatsNew = false
  session.notice = 'Your session has expired. Please log in again.'
  const current = router.currentRoute.value
  if (!current.meta.public) {
    router.replace({ name: 'login', query: { redirect: current.fullPath } })
  }
  return true
})

const vuetify = createVuetify({
  theme: {
    defaultTheme: 'thiio',
    themes: {
      thiio: {
        dark: false,
        colors: {
          primary: '#4F46E5',
          secondary: '#0EA5E9',
          background: '#F6F7FB',
          surface: '#FFFFFF',
          info: '#2563EB',
          success: '#16A34A',
          warning: '#D97706',
          error: '#DC2626',
        },
      },
    },
  },
  defaults: {
    VCard: { rounded: 'lg' },
    VChip: { rounded: 'lg' },
  },
})

loadUiConfig()

createApp(App).use(router).use(vuetify).mount('#app')
