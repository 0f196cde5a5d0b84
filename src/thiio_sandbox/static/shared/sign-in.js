// The login page's flow (its form and words are the front end's): one call at a time with a
// busy flag and an error, then the session is set up and the user goes where they were going.
import { afterSignIn } from './session.js';

const { ref } = Vue;

// Where to go after signing in: the page the login was asked from, if it is one of ours.
function afterLoginPath(route) {
  const target = route.query.redirect;
  return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//')
    ? target
    : '/dashboard';
}

export function useSignIn() {
  const router = VueRouter.useRouter();
  const route = VueRouter.useRoute();
  const busy = ref(false);
  const error = ref('');

  // `user`: what the login (or two-factor) call answered, if it named the user.
  async function finish(user) {
    const target = afterLoginPath(route);
    await afterSignIn(user);
    router.replace(target);
  }

  // Runs `call` with the error cleared and the busy flag up; `describe(err)` words a failure.
  async function attempt(call, describe) {
    error.value = '';
    busy.value = true;
    try {
      await call();
    } catch (err) {
      error.value = describe(err);
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, finish, attempt };
}
