// Signing in and out, and what the app learns about the account after sign-in.
import { api } from './api.js';
import { session } from './state.js';

async function loadUiConfig() {
  try {
    session.uiConfig = (await api.get('/api/ui-config')) || {};
  } catch (err) {
    session.uiConfig = {};
  }
}

export async function checkSession() {
  try {
    const me = await api.get('/api/me', { sessionCall: false });
    session.user = (me && me.user) || me;
    await loadUiConfig();
  } catch (err) {
    session.user = null;
  }
  session.checked = true;
}

export async function afterSignIn(user) {
  if (user) {
    session.user = user;
  } else {
    const me = await api.get('/api/me', { sessionCall: false });
    session.user = (me && me.user) || me;
  }
  session.checked = true;
  session.notice = '';
  await loadUiConfig();
  session.showWhatsNew = Boolean(session.uiConfig.post_login_dialog);
}

export async function signOut() {
  try {
    await api.post('/api/logout', {}, { sessionCall: false });
  } catch (err) {
    // Signing out of a session that already ended is still signing out.
  }
  session.user = null;
}
