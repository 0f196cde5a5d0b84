// The signed-in frame: app bar with the account and user menu, left navigation drawer,
// and the "What's new" dialog some accounts show after sign-in.
import { session, word, signOut } from '../shared/session.js';
import { SECTIONS } from '../shared/router.js';
import { initials } from '../shared/format.js';

const { ref, computed } = Vue;

const ICONS = {
  '/dashboard': 'mdi-view-dashboard-outline',
  '/orders': 'mdi-cart-outline',
  '/customers': 'mdi-account-group-outline',
  '/products': 'mdi-package-variant-closed',
  '/integrations': 'mdi-puzzle-outline',
  '/settings': 'mdi-cog-outline',
};

export const NAV_ITEMS = SECTIONS.map(({ title, path }) => ({ title, icon: ICONS[path], to: path }));

export const AppShell = {
  name: 'AppShell',
  setup() {
    const router = VueRouter.useRouter();
    const drawer = ref(true);
    const user = computed(() => session.user || {});
    const userName = computed(() => user.value.name || user.value.email || 'Account');
    const accountName = computed(() => user.value.account || 'Webforce Thiio');

    async function logout() {
      await signOut();
      router.replace('/login');
    }

    function closeWhatsNew() {
      session.showWhatsNew = false;
    }

    // A relabelled account names its entries differently (e.g. "Sales Orders").
    const items = computed(() => NAV_ITEMS.map((item) => (
      item.to === '/orders' ? { ...item, title: word('nav_orders', item.title) } : item)));

    return { session, drawer, user, userName, accountName, items, logout, closeWhatsNew, initials };
  },
  template: `
  <v-app-bar flat border="b" color="surface" density="comfortable">
    <v-app-bar-nav-icon @click="drawer = !drawer" />
    <div class="d-flex align-center ml-1">
      <div class="brand-mark brand-mark--small mr-2">t</div>
      <span class="text-h6 font-weight-bold brand-word mr-4">thiio</span>
    </div>
    <v-divider vertical class="my-3 mr-4" />
    <span class="text-subtitle-1 font-weight-medium">{{ accountName }}</span>
    <v-spacer />
    <v-btn icon="mdi-help-circle-outline" variant="text" />
    <v-btn icon variant="text" class="mr-1">
      <v-badge color="error" dot><v-icon icon="mdi-bell-outline" /></v-badge>
    </v-btn>
    <v-menu location="bottom end" min-width="240">
      <template #activator="{ props }">
        <v-btn v-bind="props" variant="text" class="text-none mr-2" height="44">
          <v-avatar color="primary" size="32" class="mr-2"><span class="text-caption font-weight-bold">{{ initials(userName) }}</span></v-avatar>
          <span class="d-none d-sm-inline">{{ userName }}</span>
          <v-icon icon="mdi-chevron-down" end />
        </v-btn>
      </template>
      <v-list density="compact">
        <v-list-item :title="userName" :subtitle="user.email" />
        <v-divider class="my-1" />
        <v-list-item prepend-icon="mdi-account-outline" title="My profile" to="/settings" />
        <v-list-item prepend-icon="mdi-logout" title="Sign out" @click="logout" />
      </v-list>
    </v-menu>
  </v-app-bar>

  <v-navigation-drawer v-model="drawer" width="240" mobile-breakpoint="md">
    <v-list nav density="comfortable" color="primary" class="mt-2">
      <v-list-item v-for="item in items" :key="item.to" :prepend-icon="item.icon" :title="item.title" :to="item.to" rounded="lg" />
    </v-list>
    <template #append>
      <div class="pa-4 text-caption text-medium-emphasis">Thiio CRM v4.18.2</div>
    </template>
  </v-navigation-drawer>

  <v-main class="app-main">
    <router-view />
  </v-main>

  <v-dialog v-model="session.showWhatsNew" max-width="560" persistent>
    <v-card rounded="lg">
      <v-card-item>
        <template #prepend><v-icon icon="mdi-party-popper" color="primary" size="28" /></template>
        <v-card-title>What's new in Thiio</v-card-title>
        <v-card-subtitle>Release 4.18</v-card-subtitle>
      </v-card-item>
      <v-card-text>
        <ul class="whats-new-list">
          <li>Order notifications now show the last attempt time and the number of attempts.</li>
          <li>Faster order search by order number, customer name or email.</li>
          <li>New Klaviyo abandoned-cart events.</li>
        </ul>
      </v-card-text>
      <v-card-actions>
        <v-spacer />
        <v-btn color="primary" variant="flat" @click="closeWhatsNew">Got it</v-btn>
      </v-card-actions>
    </v-card>
  </v-dialog>`,
};
