import { api } from './api.js'
import { session, toast, notify, notifyError } from './store.js'
import { initials } from './format.js'
import WhatsNewDialog from './components/WhatsNewDialog.js'

const { ref, computed } = Vue
const { useRoute, useRouter } = VueRouter
const { useDisplay } = Vuetify

export default {
  name: 'App',
  components: { WhatsNewDialog },
  setup() {
    const route = useRoute()
    const router = useRouter()
    const { mdAndUp } = useDisplay()
    const drawer = ref(true)

    const navItems = [
      { title: 'Dashboard', icon: 'mdi-view-dashboard-outline', to: '/dashboard' },
      { title: 'Orders', icon: 'mdi-cart-outline', to: '/orders' },
      { title: 'Customers', icon: 'mdi-account-group-outline', to: '/customers' },
      { title: 'Products', icon: 'mdi-package-variant-closed', to: '/products' },
      { title: 'Subscriptions', icon: 'mdi-autorenew', to: '/subscriptions' },
      { title: 'Funnels', icon: 'mdi-filter-variant', to: '/funnels' },
      { title: 'Integrations', icon: 'mdi-puzzle-outline', to: '/integrations' },
      { title: 'Reports', icon: 'mdi-chart-box-outline', to: '/reports' },
    ]

    const isPublic = computed(() => !!route.meta.public)
    const pageTitle = computed(() => route.meta.title || '')
    const userInitials = computed(() => initials(session.user && session.user.name))

    async function logout() {
      try {
        await api.logout()
      } catch (e) {
        if (e.status !== 401) notifyError(e)
      }
      session.user = null
      session.notice = 'You have been logged out.'
      router.push({ name: 'login' })
    }

    function showHelp() {
      notify('Help center: search for "Retrying a failed order" in Thiio Support.', 'info')
    }

    return { route, session, toast, drawer, mdAndUp, navItems, isPublic, pageTitle, userInitials, logout, showHelp }
  },
  template: `
    <v-app>
      <router-view v-if="isPublic" />

      <template v-else-if="session.user">
        <v-navigation-drawer v-model="drawer" :permanent="mdAndUp" width="248">
          <div class="d-flex align-center px-4 py-4">
            <v-avatar color="primary" size="34" rounded="lg" class="me-3">
              <v-icon icon="mdi-lightning-bolt" size="20"></v-icon>
            </v-avatar>
            <div>
              <div class="text-subtitle-1 brand-mark">Thiio</div>
              <div class="text-caption text-medium-emphasis">Commerce CRM</div>
            </div>
          </div>
          <v-divider></v-divider>

          <v-list nav density="compact" color="primary">
            <v-list-item
              v-for="item in navItems"
              :key="item.to"
              :to="item.to"
              :title="item.title"
              :prepend-icon="item.icon"
            ></v-list-item>
          </v-list>

          <template #append>
            <v-divider></v-divider>
            <v-list nav density="compact">
              <v-list-item to="/settings" title="Settings" prepend-icon="mdi-cog-outline"></v-list-item>
            </v-list>
          </template>
        </v-navigation-drawer>

        <v-app-bar flat border density="comfortable">
          <v-app-bar-nav-icon v-if="!mdAndUp" @click="drawer = !drawer"></v-app-bar-nav-icon>
          <v-app-bar-title>{{ pageTitle }}</v-app-bar-title>
          <template #append>
            <v-btn icon="mdi-help-circle-outline" variant="text" @click="showHelp"></v-btn>
            <v-menu location="bottom end">
              <template #activator="{ props }">
                <v-btn v-bind="props" variant="text" class="text-none ms-1">
                  <v-avatar color="primary" variant="tonal" size="30" class="me-2">
                    <span class="text-caption font-weight-bold">{{ userInitials }}</span>
                  </v-avatar>
                  {{ session.user.name }}
                  <v-icon icon="mdi-chevron-down" end></v-icon>
                </v-btn>
              </template>
              <v-list density="compact" min-width="220">
                <v-list-item :title="session.user.name" :subtitle="session.user.email"></v-list-item>
                <v-divider class="my-1"></v-divider>
                <v-list-item to="/settings" title="Account settings" prepend-icon="mdi-account-cog-outline"></v-list-item>
                <v-list-item title="Log out" prepend-icon="mdi-logout" @click="logout"></v-list-item>
              </v-list>
            </v-menu>
          </template>
        </v-app-bar>

        <v-main>
          <router-view />
        </v-main>

        <whats-new-dialog />
      </template>

      <v-snackbar v-model="toast.show" :color="toast.color" :timeout="toast.timeout">
        {{ toast.text }}
        <template #actions>
          <v-btn variant="text" @click="toast.show = false">Close</v-btn>
        </template>
      </v-snackbar>
    </v-app>
  `,
}
