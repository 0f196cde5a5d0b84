// The admin's routes (history mode, served at the site root): the sections, the sign-in guard,
// what a 401 from a session call does. Each front end supplies its own pages (components).
import { onUnauthorized } from './api.js';
import { session, checkSession, endSession } from './session.js';

// The signed-in sections, in menu order.
export const SECTIONS = [
  { title: 'Dashboard', path: '/dashboard' },
  { title: 'Orders', path: '/orders' },
  { title: 'Customers', path: '/customers' },
  { title: 'Products', path: '/products' },
  { title: 'Integrations', path: '/integrations' },
  { title: 'Settings', path: '/settings' },
];

export function orderPath(number) {
  return `/orders/${encodeURIComponent(number)}`;
}

// /orders/<number> opens the order's pane over the list; `pages` is keyed by section path.
function adminRoutes({ login, shell, pages }) {
  return [
    { path: '/login', component: login, meta: { public: true } },
    {
      path: '/',
      component: shell,
      children: [
        { path: '', redirect: '/dashboard' },
        ...SECTIONS.map(({ path }) => ({
          path: path === '/orders' ? 'orders/:number?' : path.slice(1),
          component: pages[path],
        })),
      ],
    },
    { path: '/:pathMatch(.*)*', redirect: '/dashboard' },
  ];
}

// Where the login page is, for someone who was on `route`: back there after signing in.
function loginRoute(route) {
  return { path: '/login', query: { redirect: route.fullPath } };
}

// `titles`: the document title of each page ("Orders · Thiio"), when the front end sets them.
export function createAdminRouter({ login, shell, pages, loginTitle, titles = false }) {
  const router = VueRouter.createRouter({
    history: VueRouter.createWebHistory(),
    routes: adminRoutes({ login, shell, pages }),
  });

  router.beforeEach(async (to) => {
    if (!session.checked) await checkSession();
    if (to.meta.public) return session.user ? '/dashboard' : true;
    if (!session.user) return loginRoute(to);
    return true;
  });

  if (titles) {
    const names = [['/login', loginTitle], ...SECTIONS.map(({ path, title }) => [path, title])];
    router.afterEach((to) => {
      const found = names.find(([path]) => to.path.startsWith(path));
      document.title = found ? `${found[1]} · Thiio` : 'Thiio';
    });
  }
  return router;
}

// Any 401 from a session call: the session is over; say so (`notice`) on the login page and
// come back to where the user was after signing in again. `alreadyLeaving(route)`: the app is
// on its way out already (nothing to do); `beforeLeaving`: what to close first.
export function endSessionOnUnauthorized(router, { notice, alreadyLeaving, beforeLeaving = () => {} }) {
  onUnauthorized(() => {
    const here = router.currentRoute.value;
    if (alreadyLeaving(here)) return;
    endSession(notice);
    beforeLeaving();
    router.replace(here.meta.public ? { path: '/login', query: {} } : loginRoute(here));
  });
}
