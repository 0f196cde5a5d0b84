import { session } from './session.js'
import LoginPage from './pages/LoginPage.js'
import MainLayout from './pages/MainLayout.js'
import DashboardPage from './pages/DashboardPage.js'
import OrdersPage from './pages/OrdersPage.js'
import OrderPane from './pages/OrderPane.js'
import PlaceholderPage from './pages/PlaceholderPage.js'

const { createRouter, createWebHistory } = VueRouter

const placeholder = (path, title, icon) => ({
  path,
  name: path,
  component: PlaceholderPage,
  meta: { title, icon }
})

const routes = [
  { path: '/login', name: 'login', component: LoginPage, meta: { public: true } },
  {
    path: '/',
    component: MainLayout,
    children: [
      { path: '', redirect: '/dashboard' },
      { path: 'dashboard', name: 'dashboard', component: DashboardPage, meta: { title: 'Dashboard' } },
      {
        path: 'orders',
        component: OrdersPage,
        meta: { title: 'Orders' },
        children: [
          { path: '', name: 'orders', component: { render: () => null } },
          { path: ':number', name: 'order', component: OrderPane, props: true }
        ]
      },
      placeholder('customers', 'Customers', 'mdi-account-group-outline'),
      placeholder('products', 'Products', 'mdi-package-variant-closed'),
      placeholder('subscriptions', 'Subscriptions', 'mdi-autorenew'),
      placeholder('funnels', 'Funnels', 'mdi-filter-variant'),
      placeholder('integrations', 'Integrations', 'mdi-puzzle-outline'),
      placeholder('reports', 'Reports', 'mdi-chart-box-outline'),
      placeholder('settings', 'Settings', 'mdi-cog-outline')
    ]
  },
  { path: '/:pathMatch(.*)*', redirect: '/dashboard' }
]

export const router = createRouter({
  history: createWebHistory(),
  routes
})

router.beforeEach(to => {
  if (!to.meta.public && !session.user) {
    const home = to.fullPath === '/' || to.fullPath === '/dashboard'
    return { name: 'login', query: home ? {} : { redirect: to.fullPath } }
  }
  if (to.name === 'login' && session.user) {
    return { name: 'dashboard' }
  }
  return true
})

router.afterEach(to => {
  const title = to.matched.map(r => r.meta.title).filter(Boolean).pop()
  document.title = title ? `${title} | Thiio` : 'Thiio'
})
