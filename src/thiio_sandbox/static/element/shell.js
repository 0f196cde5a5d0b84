// The logged-in frame: left aside with the logo and the navigation menu, top header with the
// breadcrumb and the user menu, and the "What's new" dialog some accounts show after login.
import { session, signOut } from '../shared/session.js';
import { SECTIONS } from '../shared/router.js';
import { initials } from './format.js';

const { computed } = Vue;

const ICONS = {
  '/dashboard': 'Odometer',
  '/orders': 'Tickets',
  '/customers': 'User',
  '/products': 'Goods',
  '/integrations': 'Connection',
  '/settings': 'Setting',
};

export const NAV_ITEMS = SECTIONS.map(({ title, path }) => ({ title, icon: ICONS[path], path }));

export const AppShell = {
  name: 'AppShell',
  setup() {
    const router = VueRouter.useRouter();
    const route = VueRouter.useRoute();
    const activeMenu = computed(() => '/' + (route.path.split('/')[1] || 'dashboard'));
    const section = computed(
      () => (NAV_ITEMS.find((item) => item.path === activeMenu.value) || {}).title || '',
    );
    const userName = computed(() => (session.user && (session.user.name || session.user.email)) || 'Account');

    async function onUserCommand(command) {
      if (command === 'logout') {
        await signOut();
        router.replace('/login');
      }
    }

    function closeWhatsNew() {
      session.showWhatsNew = false;
    }

    return { session, items: NAV_ITEMS, activeMenu, section, userName, initials, onUserCommand, closeWhatsNew };
  },
  template: `
  <el-container class="shell">
    <el-aside width="224px" class="shell-aside">
      <div class="shell-brand"><span class="brand-mark brand-mark--small">t</span><span class="brand-word">thiio</span></div>
      <el-menu :default-active="activeMenu" router class="shell-menu">
        <el-menu-item v-for="item in items" :key="item.path" :index="item.path">
          <el-icon><component :is="item.icon" /></el-icon>
          <span>{{ item.title }}</span>
        </el-menu-item>
      </el-menu>
    </el-aside>
    <el-container>
      <el-header class="shell-header" height="56px">
        <el-breadcrumb separator="/">
          <el-breadcrumb-item>Webforce Thiio</el-breadcrumb-item>
          <el-breadcrumb-item>{{ section }}</el-breadcrumb-item>
        </el-breadcrumb>
        <div class="shell-header-right">
          <el-badge is-dot class="shell-bell"><el-icon :size="18"><Bell /></el-icon></el-badge>
          <el-dropdown trigger="click" @command="onUserCommand">
            <span class="shell-user">
              <el-avatar :size="28" class="shell-avatar">{{ initials(userName) }}</el-avatar>
              <span class="shell-user-name">{{ userName }}</span>
              <el-icon><ArrowDown /></el-icon>
            </span>
            <template #dropdown>
              <el-dropdown-menu>
                <el-dropdown-item command="profile">Profile</el-dropdown-item>
                <el-dropdown-item command="logout" divided>Log out</el-dropdown-item>
              </el-dropdown-menu>
            </template>
          </el-dropdown>
        </div>
      </el-header>
      <el-main class="shell-main">
        <router-view />
      </el-main>
    </el-container>
    <el-dialog v-model="session.showWhatsNew" title="What's new" width="480px" :close-on-click-modal="false">
      <p class="whats-new-lead">Thiio keeps getting better. Here is what changed this month:</p>
      <ul class="whats-new-list">
        <li>Faster order search by number, customer name or email.</li>
        <li>Integration notifications now show the number of attempts.</li>
        <li>Failed notifications can be retried from the order details pane.</li>
      </ul>
      <template #footer>
        <el-button type="primary" @click="closeWhatsNew">Got it</el-button>
      </template>
    </el-dialog>
  </el-container>
  `,
};

// The sections that are not part of the article: real enough to click, nothing more.
export function placeholderPage(title, description) {
  return {
    name: `${title}Page`,
    template: `
    <div>
      <div class="page-head"><h1 class="page-title">${title}</h1></div>
      <el-card shadow="never"><el-empty description="${description}" /></el-card>
    </div>
    `,
  };
}
