import { api } from './api.js'

const { reactive } = Vue

// App-wide state: who is logged in and the ui-config flags.
export const session = reactive({
  user: null,
  config: { post_login_dialog: false, rerender_ms: 0, confirm_retry: false },
  showWhatsNew: false,
  flash: null
})

export async function loadConfig() {
  try {
    const config = await api.get('/api/ui-config', { skipAuthRedirect: true })
    Object.assign(session.config, config || {})
  } catch (e) {
    // keep the defaults
  }
}

export async function loadUser() {
  try {
    session.user = await api.get('/api/me', { skipAuthRedirect: true })
  } catch (e) {
    session.user = null
  }
}
