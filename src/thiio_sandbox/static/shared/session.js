// App-wide session state and its life cycle: who is signed in, the sandbox's UI switches
// (GET /api/ui-config), the login-page notice, the "What's new" flag; signing in and out.
import { fetchMe, fetchUiConfig, postLogout } from './api.js';

const { reactive } = Vue;

export const session = reactive({
  checked: false, // GET /api/me answered once
  user: null,
  uiConfig: {}, // post_login_dialog, rerender_ms, confirm_retry, labels (GET /api/ui-config)
  notice: '', // shown on the login page, e.g. after a session expired
  showWhatsNew: false,
});

// How a front end wants the first session check and a failed UI-config read handled
// (each front end sets these once, before its router starts).
const settings = {
  meAttempts: 1, // a gateway hiccup on the first GET /api/me is asked again this many times in all
  noticeWhenUnreachable: false, // after the last failed attempt, its message becomes the notice
  keepUiConfigOnError: false, // a failed GET /api/ui-config keeps the switches read before
};

export function configureSession(overrides) {
  Object.assign(settings, overrides);
}

// A relabelled account's word for one the help article uses (GET /api/ui-config `labels`,
// see thiio_sandbox/relabel.py); the article's word when the sandbox is not relabelled.
export function word(key, articleWord) {
  const labels = session.uiConfig.labels || {};
  const value = labels[key];
  if (value && typeof value === 'object') return value[articleWord] || articleWord;
  return value || articleWord;
}

export function relabelled() {
  return Boolean(session.uiConfig.labels);
}

function userFrom(answer) {
  return (answer && answer.user) || answer || null;
}

// The switches can change while the app runs (tests flip them), so they are re-read at the
// moments they matter: after sign-in, when an order opens, (for some front ends) before a retry.
export async function loadUiConfig() {
  try {
    session.uiConfig = (await fetchUiConfig()) || {};
  } catch (err) {
    session.uiConfig = settings.keepUiConfigOnError ? session.uiConfig || {} : {};
  }
  return session.uiConfig;
}

export async function checkSession() {
  session.user = null;
  for (let attempt = 1; attempt <= settings.meAttempts; attempt += 1) {
    try {
      const me = await fetchMe();
      await loadUiConfig(); // before the signed-in frame renders with its words
      session.user = userFrom(me);
      break;
    } catch (err) {
      if (err.status === 401 || attempt === settings.meAttempts) {
        if (err.status !== 401 && settings.noticeWhenUnreachable) session.notice = err.message;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
    }
  }
  session.checked = true;
}

// `user`: what the login (or two-factor) call answered, if it named the user.
export async function afterSignIn(user) {
  session.user = userFrom(user) || userFrom(await fetchMe());
  session.checked = true;
  session.notice = '';
  await loadUiConfig(); // before the signed-in frame renders with its words
  session.showWhatsNew = Boolean(session.uiConfig.post_login_dialog);
}

export async function signOut() {
  try {
    await postLogout();
  } catch (err) {
    // Signing out of a session that already ended is still signing out.
  }
  session.user = null;
}

// A session call was answered 401: the session is over; `notice` says so on the login page.
export function endSession(notice) {
  session.user = null;
  session.showWhatsNew = false;
  session.notice = notice;
}
