import { onUnauthorized } from './api.js'
import { session, loadConfig, loadUser } from './session.js'
import { router } from './router.js'

const { createApp } = Vue
const { Loading } = Quasar

const app = createApp({ template: '<router-view />' })

app.use(Quasar, {
  iconSet: Quasar.IconSet.mdiV7,
  config: {
    brand: {
      primary: '#4f46e5',
      secondary: '#0ea5e9',
      accent: '#9333ea',
      dark: '#1e1b4b',
      positive: '#16a34a',
      negative: '#dc2626',
      info: '#2563eb',
      warning: '#d97706'
    },
    notify: { position: 'bottom', timeout: 4000 },
    loading: { delay: 200 }
  }
})

// The session expired (or was ended elsewhere): back to the login page, then back here.
onUnauthorized(() => {
  const current = router.currentRoute.value
  if (current.name === 'login') return
  session.user = null
  session.flash = 'Your session has expired. Please log in again.'
  router.push({ name: 'login', query: { redirect: current.fullPath } })
})

async function boot() {
  Loading.show()
  await Promise.all([loadConfig(), loadUser()])
  Loading.hide()
  app.use(router)
  app.mount('#q-app')
}

boot()
