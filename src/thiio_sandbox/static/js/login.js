// The sign-in page: email + password, then (for users with 2FA) an authenticator code.
import { postLogin, postTwoFactor } from '../shared/api.js';
import { session } from '../shared/session.js';
import { useSignIn } from '../shared/sign-in.js';

const { ref } = Vue;

export const LoginPage = {
  name: 'LoginPage',
  setup() {
    const step = ref('password');
    const email = ref('');
    const password = ref('');
    const code = ref('');
    const { busy, error, finish, attempt } = useSignIn();

    async function signIn() {
      if (!email.value || !password.value) {
        error.value = 'Please enter your email and password.';
        return;
      }
      await attempt(async () => {
        const answer = await postLogin(email.value, password.value);
        session.notice = '';
        if (answer && answer.two_factor_required) {
          step.value = 'two-factor';
          code.value = '';
        } else {
          await finish(answer && answer.user);
        }
      }, (err) => err.message);
    }

    async function verify() {
      if (!code.value) {
        error.value = 'Please enter the code from your authenticator app.';
        return;
      }
      await attempt(async () => {
        const answer = await postTwoFactor(code.value.replace(/\s+/g, ''));
        await finish(answer && answer.user);
      }, (err) => {
        if (err.status === 401) step.value = 'password';
        return err.status === 401 ? 'Your sign-in has timed out. Please sign in again.' : err.message;
      });
    }

    function backToPassword() {
      step.value = 'password';
      error.value = '';
      password.value = '';
    }

    return { session, step, email, password, code, error, busy, signIn, verify, backToPassword };
  },
  template: `
  <v-main class="login-page">
    <v-container class="fill-height" fluid>
      <v-row justify="center" align="center">
        <v-col cols="12" sm="8" md="6" lg="4">
          <div class="d-flex align-center justify-center mb-6">
            <div class="brand-mark mr-2">t</div>
            <span class="text-h4 font-weight-bold brand-word">thiio</span>
          </div>
          <v-card class="pa-4" elevation="4" rounded="lg">
            <template v-if="step === 'password'">
              <v-card-item>
                <v-card-title class="text-h5">Sign in</v-card-title>
                <v-card-subtitle>Welcome back to Webforce Thiio</v-card-subtitle>
              </v-card-item>
              <v-card-text>
                <v-alert v-if="session.notice && !error" type="warning" variant="tonal" density="compact" class="mb-4">{{ session.notice }}</v-alert>
                <v-alert v-if="error" type="error" variant="tonal" density="compact" class="mb-4">{{ error }}</v-alert>
                <v-form @submit.prevent="signIn">
                  <v-text-field v-model="email" label="Email" type="email" autocomplete="username"
                    prepend-inner-icon="mdi-email-outline" variant="outlined" class="mb-2" />
                  <v-text-field v-model="password" label="Password" type="password" autocomplete="current-password"
                    prepend-inner-icon="mdi-lock-outline" variant="outlined" class="mb-2" />
                  <div class="d-flex align-center justify-space-between mb-4">
                    <v-checkbox-btn label="Remember me" density="compact" />
                    <a class="text-body-2 text-primary text-decoration-none" href="#" @click.prevent>Forgot password?</a>
                  </div>
                  <v-btn type="submit" color="primary" size="large" block :loading="busy">Sign in</v-btn>
                </v-form>
              </v-card-text>
            </template>
            <template v-else>
              <v-card-item>
                <v-card-title class="text-h5">Two-factor authentication</v-card-title>
                <v-card-subtitle>Enter the 6-digit code from your authenticator app.</v-card-subtitle>
              </v-card-item>
              <v-card-text>
                <v-alert v-if="error" type="error" variant="tonal" density="compact" class="mb-4">{{ error }}</v-alert>
                <v-form @submit.prevent="verify">
                  <v-text-field v-model="code" label="Authentication code" inputmode="numeric"
                    autocomplete="one-time-code" maxlength="6" autofocus
                    prepend-inner-icon="mdi-shield-key-outline" variant="outlined" class="mb-2" />
                  <v-btn type="submit" color="primary" size="large" block :loading="busy">Verify</v-btn>
                  <v-btn variant="text" block class="mt-2" @click="backToPassword">Back to sign in</v-btn>
                </v-form>
              </v-card-text>
            </template>
          </v-card>
          <div class="text-center text-caption text-medium-emphasis mt-6">© Webforce Thiio CRM</div>
        </v-col>
      </v-row>
    </v-container>
  </v-main>`,
};
