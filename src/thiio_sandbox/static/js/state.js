// App-wide reactive state: who is signed in, the sandbox's UI switches, the snackbar.
const { reactive } = Vue;

export const session = reactive({
  checked: false, // GET /api/me answered once
  user: null,
  uiConfig: {}, // post_login_dialog, rerender_ms, confirm_retry (from GET /api/ui-config)
  notice: '', // shown on the login page, e.g. after a session expired
  showWhatsNew: false,
});

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

export const toast = reactive({ show: false, text: '', color: undefined, timeout: 4000 });

export function notify(text, color) {
  // Re-open even when a previous snackbar is still showing, so each message is seen.
  toast.show = false;
  Vue.nextTick(() => {
    toast.text = text;
    toast.color = color;
    toast.show = true;
  });
}
