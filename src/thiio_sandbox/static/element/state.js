// App-wide reactive state: who is logged in, the sandbox's UI switches, the login-page notice.
import { api } from './api.js';

const { reactive } = Vue;

export const session = reactive({
  checked: false, // GET /api/me answered once
  user: null,
  uiConfig: {}, // post_login_dialog, rerender_ms, confirm_retry (GET /api/ui-config)
  notice: '', // shown on the login page, e.g. after a session expired
  showWhatsNew: false,
});

// The switches can change while the app runs (tests flip them), so they are re-read at the
// moments they matter: after login, when an order opens, before a retry.
export async function loadUiConfig() {
  try {
    session.uiConfig = (await api.get('/api/ui-config')) || {};
  } catch (err) {
    session.uiConfig = session.uiConfig || {};
  }
  return session.uiConfig;
}

function userFrom(answer) {
  return (answer && answer.user) || answer || null;
}

export async function checkSession() {
  try {
    session.user = userFrom(await api.get('/api/me', { sessionCall: false }));
    await loadUiConfig();
  } catch (err) {
    session.user = null;
  }
  session.checked = true;
}

export async function afterLogin(user) {
  session.user = userFrom(user) || userFrom(await api.get('/api/me', { sessionCall: false }));
  session.checked = true;
  session.notice = '';
  await loadUiConfig();
  session.showWhatsNew = Boolean(session.uiConfig.post_login_dialog);
}

export async function logOut() {
  try {
    await api.post('/api/logout', {}, { sessionCall: false });
  } catch (err) {
    // Logging out of a session that already ended is still logging out.
  }
  session.user = null;
}
