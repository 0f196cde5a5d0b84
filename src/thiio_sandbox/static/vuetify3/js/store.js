// App-wide state: the signed-in user, the UI config flags and the toast.
import { api } from './api.js'

const { reactive } = Vue

export const session = reactive({
  user: null,
  checked: false,
  notice: '',
  showWhatsNew: false,
})

export const uiConfig = reactive({
  post_login_dialog: false,
  rerender_ms: 0,
  confirm_retry: false,
})

export async function loadUiConfig() {
  try {
    const config = await api.uiConfig()
    Object.assign(uiConfig, {
      post_login_dialog: !!config.post_login_dialog,
      rerender_ms: Number(config.rerender_ms) || 0,
      confirm_retry: !!config.confirm_retry,
    })
  } catch (e) {
    // Keep the previous flags: the app works without them.
  }
  return uiConfig
}

export const toast = reactive({
  show: false,
  text: '',
  color: 'success',
  timeout: 4000,
})

export function notify(text, color = 'success') {
  toast.text = text
  toast.color = color
  toast.timeout = color === 'error' ? 6000 : 4000
  toast.show = true
}

export function notifyError(error) {
  if (error && error.handled) return
  notify((error && error.message) || 'Something went wrong.', 'error')
}
