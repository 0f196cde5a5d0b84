import { api } from '../api.js'
import { session } from '../session.js'

const { ref, computed } = Vue
const { useRouter } = VueRouter
const { Notify } = Quasar

const NAV = [
  { label: 'Dashboard', icon: 'mdi-view-dashboard-outline', to: '/dashboard' },
  { label: 'Orders', icon: 'mdi-cart-outline', to: '/orders' },
  { label: 'Customers', icon: 'mdi-account-group-outline', to: '/customers' },
  { label: 'Products', icon: 'mdi-package-variant-closed', to: '/products' },
  { label: 'Subscriptions', icon: 'mdi-autorenew', to: '/subscriptions' },
  { label: 'Funnels', icon: 'mdi-filter-variant', to: '/funnels' },
  { label: 'Integrations', icon: 'mdi-puzzle-outline', to: '/integrations' },
  { label: 'Reports', icon: 'mdi-chart-box-outline', to: '/reports' }
]

export default {
  name: 'MainLayout',
  template: `
    <q-layout view="hHh LpR lFf">
      <q-header bordered class="bg-white text-grey-9">
        <q-toolbar class="app-toolbar">
          <q-btn flat dense round icon="mdi-menu" @click="leftDrawerOpen = !leftDrawerOpen" />
          <q-toolbar-title class="row items-center no-wrap">
            <q-avatar size="30px" color="primary" text-color="white" icon="mdi-lightning-bolt" />
            <span class="text-weight-bold q-ml-sm">Thiio</span>
            <span class="text-caption text-grey-6 q-ml-sm gt-xs">my-domain.thiio.io</span>
          </q-toolbar-title>

          <q-btn flat round dense icon="mdi-help-circle-outline" class="q-mr-xs" />
          <q-btn flat round dense icon="mdi-bell-outline" class="q-mr-sm" />

          <q-btn flat no-caps class="account-btn">
            <q-avatar size="30px" color="indigo-1" text-color="primary">{{ initials }}</q-avatar>
            <span class="q-ml-sm gt-xs">{{ userName }}</span>
            <q-icon name="mdi-chevron-down" size="18px" class="q-ml-xs" />
            <q-menu anchor="bottom right" self="top right">
              <q-list style="min-width: 220px">
                <q-item>
                  <q-item-section>
                    <q-item-label>{{ userName }}</q-item-label>
                    <q-item-label caption>{{ userEmail }}</q-item-label>
                  </q-item-section>
                </q-item>
                <q-separator />
                <q-item clickable v-close-popup to="/settings">
                  <q-item-section avatar><q-icon name="mdi-cog-outline" /></q-item-section>
                  <q-item-section>Account settings</q-item-section>
                </q-item>
                <q-item clickable v-close-popup @click="logout">
                  <q-item-section avatar><q-icon name="mdi-logout" /></q-item-section>
                  <q-item-section>Log out</q-item-section>
                </q-item>
              </q-list>
            </q-menu>
          </q-btn>
        </q-toolbar>
      </q-header>

      <q-drawer v-model="leftDrawerOpen" show-if-above bordered side="left" :width="236" class="bg-grey-1">
        <q-list padding class="nav-list">
          <q-item-label header class="text-uppercase text-caption text-weight-medium">Store</q-item-label>
          <q-item
            v-for="item in nav"
            :key="item.to"
            clickable
            v-ripple
            :to="item.to"
            active-class="nav-item--active"
            class="nav-item"
          >
            <q-item-section avatar>
              <q-icon :name="item.icon" />
            </q-item-section>
            <q-item-section>{{ item.label }}</q-item-section>
          </q-item>

          <q-separator spaced />

          <q-item clickable v-ripple to="/settings" active-class="nav-item--active" class="nav-item">
            <q-item-section avatar><q-icon name="mdi-cog-outline" /></q-item-section>
            <q-item-section>Settings</q-item-section>
          </q-item>
        </q-list>
      </q-drawer>

      <q-page-container class="bg-grey-2">
        <router-view />
      </q-page-container>

      <q-dialog v-model="whatsNew" persistent>
        <q-card style="width: 480px; max-width: 90vw">
          <q-card-section class="row items-center q-pb-none">
            <q-icon name="mdi-party-popper" color="primary" size="28px" />
            <div class="text-h6 q-ml-sm">What's new in Thiio</div>
          </q-card-section>
          <q-card-section>
            <q-list>
              <q-item>
                <q-item-section avatar><q-icon name="mdi-bell-ring-outline" color="primary" /></q-item-section>
                <q-item-section>
                  <q-item-label>Integration notifications</q-item-label>
                  <q-item-label caption>See every integration sent for an order, with its status and last error.</q-item-label>
                </q-item-section>
              </q-item>
              <q-item>
                <q-item-section avatar><q-icon name="mdi-magnify" color="primary" /></q-item-section>
                <q-item-section>
                  <q-item-label>Faster order search</q-item-label>
                  <q-item-label caption>Find orders by number, customer name or email as you type.</q-item-label>
                </q-item-section>
              </q-item>
              <q-item>
                <q-item-section avatar><q-icon name="mdi-shield-check-outline" color="primary" /></q-item-section>
                <q-item-section>
                  <q-item-label>Two-factor authentication</q-item-label>
                  <q-item-label caption>Protect your account with an authenticator app.</q-item-label>
                </q-item-section>
              </q-item>
            </q-list>
          </q-card-section>
          <q-card-actions align="right">
            <q-btn unelevated color="primary" label="Got it" v-close-popup />
          </q-card-actions>
        </q-card>
      </q-dialog>
    </q-layout>
  `,
  setup() {
    const router = useRouter()
    const leftDrawerOpen = ref(false)

    const userName = computed(() => (session.user && session.user.name) || '')
    const userEmail = computed(() => (session.user && session.user.email) || '')
    const initials = computed(() =>
      userName.value.split(/\s+/).filter(Boolean).slice(0, 2).map(w => w[0].toUpperCase()).join('')
    )
    const whatsNew = computed({
      get: () => session.showWhatsNew,
      set: value => { session.showWhatsNew = value }
    })

    async function logout() {
      try {
        await api.post('/api/logout', {}, { skipAuthRedirect: true })
      } catch (e) {
        if (e.status !== 401) {
          Notify.create({ type: 'negative', message: e.message })
          return
        }
      }
      session.user = null
      router.push({ name: 'login' })
    }

    return { nav: NAV, leftDrawerOpen, userName, userEmail, initials, whatsNew, logout }
  }
}
