import { api } from '../api.js'
import { session, loadConfig } from '../session.js'

const { ref } = Vue
const { useRoute, useRouter } = VueRouter

export default {
  name: 'LoginPage',
  template: `
    <q-layout view="hHh lpr fff">
      <q-page-container>
        <q-page class="login-page flex flex-center">
          <div class="login-wrap">
            <div class="row items-center justify-center q-mb-lg">
              <q-avatar size="44px" color="primary" text-color="white" icon="mdi-lightning-bolt" />
              <div class="text-h5 text-weight-bold q-ml-sm">Thiio</div>
            </div>

            <q-card class="login-card">
              <q-card-section>
                <div class="text-h6">{{ step === 'password' ? 'Sign in to your account' : 'Two-factor authentication' }}</div>
                <div class="text-body2 text-grey-7">
                  {{ step === 'password'
                    ? 'Welcome back. Enter your details to continue.'
                    : 'Enter the 6-digit code from your authenticator app.' }}
                </div>
              </q-card-section>

              <q-card-section v-if="notice || error" class="q-pt-none">
                <q-banner v-if="error" dense rounded class="bg-red-1 text-negative">
                  <template v-slot:avatar><q-icon name="mdi-alert-circle-outline" color="negative" /></template>
                  {{ error }}
                </q-banner>
                <q-banner v-else dense rounded class="bg-amber-1 text-brown-9">
                  <template v-slot:avatar><q-icon name="mdi-information-outline" color="warning" /></template>
                  {{ notice }}
                </q-banner>
              </q-card-section>

              <q-card-section class="q-pt-none">
                <q-form v-if="step === 'password'" class="q-gutter-md" @submit="submitPassword">
                  <q-input
                    v-model="email"
                    outlined
                    type="email"
                    label="Email"
                    autocomplete="username"
                    autofocus
                    :rules="[val => !!val || 'The email field is required.']"
                    lazy-rules
                  >
                    <template v-slot:prepend><q-icon name="mdi-email-outline" /></template>
                  </q-input>
                  <q-input
                    v-model="password"
                    outlined
                    :type="showPassword ? 'text' : 'password'"
                    label="Password"
                    autocomplete="current-password"
                    :rules="[val => !!val || 'The password field is required.']"
                    lazy-rules
                  >
                    <template v-slot:prepend><q-icon name="mdi-lock-outline" /></template>
                    <template v-slot:append>
                      <q-icon
                        :name="showPassword ? 'mdi-eye-off-outline' : 'mdi-eye-outline'"
                        class="cursor-pointer"
                        @click="showPassword = !showPassword"
                      />
                    </template>
                  </q-input>
                  <div class="row items-center justify-between">
                    <q-checkbox v-model="remember" label="Remember me" dense />
                    <a class="text-primary text-body2" href="#" @click.prevent>Forgot password?</a>
                  </div>
                  <q-btn type="submit" color="primary" label="Log in" class="full-width" size="md" unelevated :loading="busy" />
                </q-form>

                <q-form v-else class="q-gutter-md" @submit="submitCode">
                  <q-input
                    v-model="code"
                    outlined
                    label="Authentication code"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    maxlength="6"
                    autofocus
                    :rules="[val => !!val || 'The code field is required.']"
                    lazy-rules
                  >
                    <template v-slot:prepend><q-icon name="mdi-shield-key-outline" /></template>
                  </q-input>
                  <q-btn type="submit" color="primary" label="Verify" class="full-width" unelevated :loading="busy" />
                  <q-btn flat no-caps color="primary" label="Use a different account" class="full-width" @click="restart" />
                </q-form>
              </q-card-section>
            </q-card>

            <div class="text-center text-caption text-grey-6 q-mt-lg">© 2026 Thiio · Privacy · Terms</div>
          </div>
        </q-page>
      </q-page-container>
    </q-layout>
  `,
  setup() {
    const route = useRoute()
    const router = useRouter()

    const step = ref('password')
    const email = ref('')
    const password = ref('')
    const code = ref('')
    const remember = ref(true)
    const showPassword = ref(false)
    const busy = ref(false)
    const error = ref(null)
    const notice = ref(session.flash)
    session.flash = null

    async function finish(user) {
      session.user = user
      await loadConfig()
      session.showWhatsNew = !!session.config.post_login_dialog
      const redirect = route.query.redirect
      const target = typeof redirect === 'string' && redirect.startsWith('/') && !redirect.startsWith('/login')
        ? redirect
        : '/dashboard'
      router.replace(target)
    }

    async function submitPassword() {
      busy.value = true
      error.value = null
      try {
        const data = await api.post('/api/login', { email: email.value, password: password.value }, { skipAuthRedirect: true })
        if (data.two_factor_required) {
          notice.value = null
          step.value = 'code'
        } else {
          await finish(data.user)
        }
      } catch (e) {
        error.value = e.message
      } finally {
        busy.value = false
      }
    }

    async function submitCode() {
      busy.value = true
      error.value = null
      try {
        const data = await api.post('/api/login/two-factor', { code: code.value.trim() }, { skipAuthRedirect: true })
        await finish(data.user)
      } catch (e) {
        if (e.status === 401) {
          error.value = 'Your sign-in attempt expired. Please log in again.'
          restart(false)
        } else {
          error.value = e.message
        }
      } finally {
        busy.value = false
      }
    }

    function restart(clearError = true) {
      step.value = 'password'
      code.value = ''
      password.value = ''
      if (clearError) error.value = null
    }

    return { step, email, password, code, remember, showPassword, busy, error, notice, submitPassword, submitCode, restart }
  }
}
