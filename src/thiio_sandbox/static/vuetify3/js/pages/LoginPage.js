import { api } from '../api.js'
import { session, uiConfig, loadUiConfig } from '../store.js'

const { ref, computed, onMounted } = Vue
const { useRoute, useRouter } = VueRouter

export default {
  name: 'LoginPage',
  setup() {
    const route = useRoute()
    const router = useRouter()

    const step = ref('password')
    const email = ref('')
    const password = ref('')
    const code = ref('')
    const showPassword = ref(false)
    const loading = ref(false)
    const error = ref('')
    const notice = ref('')

    onMounted(() => {
      notice.value = session.notice
      session.notice = ''
    })

    const redirectTo = computed(() => {
      const target = route.query.redirect
      return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') ? target : '/dashboard'
    })

    async function finish(user) {
      session.user = user
      session.checked = true
      await loadUiConfig()
      session.showWhatsNew = uiConfig.post_login_dialog
      router.replace(redirectTo.value)
    }

    async function submitPassword() {
      error.value = ''
      notice.value = ''
      loading.value = true
      try {
        const result = await api.login(email.value.trim(), password.value)
        if (result.two_factor_required) {
          step.value = 'code'
          code.value = ''
        } else {
          await finish(result.user)
        }
      } catch (e) {
        error.value = e.message
      } finally {
        loading.value = false
      }
    }

    async function submitCode() {
      error.value = ''
      loading.value = true
      try {
        const result = await api.twoFactor(code.value.replace(/\s+/g, ''))
        await finish(result.user)
      } catch (e) {
        if (e.status === 401) {
          step.value = 'password'
          password.value = ''
          error.value = 'Your sign-in took too long. Please enter your password again.'
        } else {
          error.value = e.message
        }
      } finally {
        loading.value = false
      }
    }

    function backToPassword() {
      step.value = 'password'
      error.value = ''
      password.value = ''
    }

    return {
      step, email, password, code, showPassword, loading, error, notice,
      submitPassword, submitCode, backToPassword,
    }
  },
  template: `
    <v-main class="login-bg">
      <v-container class="fill-height" fluid>
        <v-row justify="center" align="center">
          <v-col cols="12" sm="8" md="5" lg="4" xl="3">
            <div class="d-flex align-center justify-center mb-6">
              <v-avatar color="primary" size="40" rounded="lg" class="me-3">
                <v-icon icon="mdi-lightning-bolt"></v-icon>
              </v-avatar>
              <span class="text-h5 brand-mark">Thiio</span>
            </div>

            <v-card class="pa-4" elevation="2">
              <template v-if="step === 'password'">
                <v-card-item>
                  <v-card-title class="text-h6">Sign in to your account</v-card-title>
                  <v-card-subtitle>Welcome back! Enter your details below.</v-card-subtitle>
                </v-card-item>
                <v-card-text>
                  <v-alert v-if="notice" type="info" variant="tonal" density="compact" class="mb-4">{{ notice }}</v-alert>
                  <v-alert v-if="error" type="error" variant="tonal" density="compact" class="mb-4">{{ error }}</v-alert>
                  <v-form @submit.prevent="submitPassword">
                    <v-text-field
                      v-model="email"
                      label="Email"
                      type="email"
                      autocomplete="username"
                      prepend-inner-icon="mdi-email-outline"
                      variant="outlined"
                      class="mb-2"
                    ></v-text-field>
                    <v-text-field
                      v-model="password"
                      label="Password"
                      :type="showPassword ? 'text' : 'password'"
                      autocomplete="current-password"
                      prepend-inner-icon="mdi-lock-outline"
                      :append-inner-icon="showPassword ? 'mdi-eye-off' : 'mdi-eye'"
                      @click:append-inner="showPassword = !showPassword"
                      variant="outlined"
                    ></v-text-field>
                    <v-btn type="submit" color="primary" size="large" block :loading="loading" class="mt-2">Log in</v-btn>
                  </v-form>
                </v-card-text>
              </template>

              <template v-else>
                <v-card-item>
                  <v-card-title class="text-h6">Two-factor authentication</v-card-title>
                  <v-card-subtitle>Enter the 6-digit code from your authenticator app.</v-card-subtitle>
                </v-card-item>
                <v-card-text>
                  <v-alert v-if="error" type="error" variant="tonal" density="compact" class="mb-4">{{ error }}</v-alert>
                  <v-form @submit.prevent="submitCode">
                    <v-text-field
                      v-model="code"
                      label="Authentication code"
                      inputmode="numeric"
                      autocomplete="one-time-code"
                      prepend-inner-icon="mdi-shield-key-outline"
                      variant="outlined"
                      autofocus
                    ></v-text-field>
                    <v-btn type="submit" color="primary" size="large" block :loading="loading">Verify</v-btn>
                    <v-btn variant="text" block class="mt-2" @click="backToPassword">Back to sign in</v-btn>
                  </v-form>
                </v-card-text>
              </template>
            </v-card>

            <p class="text-center text-caption text-medium-emphasis mt-6">© 2026 Thiio · Privacy · Terms</p>
          </v-col>
        </v-row>
      </v-container>
    </v-main>
  `,
}
