// Signing in and out, and what the app learns about the account after sign-in.
import { api } from './api.js';
import { session } from './state.js';

export async function refreshUiConfig() {
  try {
    session.uiConfig = (await api.get('/api/ui-config')) || {};
  } catch (err) {
    session.uiConfig = {};
  }
}

const ME_ATTEMPTS = 3;

// A gateway hiccup on the first call must not look like "signed out": ask again a few times.
export async function checkSession() {
  session.user = null;
  for (let attempt = 1; attempt <= ME_ATTEMPTS; attempt += 1) {
    try {
      const me = await api.get('/api/me', { sessionCall: false });
      await refreshUiConfig(); // before the signed-in frame renders with its words
      session.user = (me && me.user) || me;
      break;
    } catch (err) {
      if (err.status === 401 || attempt === ME_ATTEMPTS) {
        if (err.status !== 401) session.notice = err.message;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
    }
  }
  session.checked = true;
}

export async function afterSignIn(user) {
  await refreshUiConfig(); // before the signed-in frame renders with its words
  if (user) {
    session.user = user;
  } else {
    const me = await api.get('/api/me', { sessionCall: false });
    session.user = (me && me.user) || me;
  }
  session.checked = true;
  session.notice = '';
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
