// The login page: email + password, then (for accounts that have it) the authenticator code.
import { ApiError, GENERIC_ERROR, postLogin, postTwoFactor } from '../shared/api.js';
import { session } from '../shared/session.js';
import { useSignIn } from '../shared/sign-in.js';

const { ref, reactive } = Vue;

function describe(err) {
  return err instanceof ApiError ? err.message : GENERIC_ERROR;
}

export const LoginPage = {
  name: 'LoginPage',
  setup() {
    const step = ref('password'); // 'password' | 'code'
    const form = reactive({ email: '', password: '', code: '' });
    const { busy, error, finish, attempt } = useSignIn();

    async function logIn() {
      await attempt(async () => {
        const answer = await postLogin(form.email.trim(), form.password);
        if (answer && answer.two_factor_required) {
          step.value = 'code';
          form.code = '';
        } else {
          await finish(answer && answer.user);
        }
      }, describe);
    }

    async function verify() {
      await attempt(async () => {
        const answer = await postTwoFactor(form.code.trim());
        await finish(answer && answer.user);
      }, describe);
    }

    function backToPassword() {
      step.value = 'password';
      error.value = '';
      form.password = '';
    }

    return { session, step, form, busy, error, logIn, verify, backToPassword };
  },
  template: `
  <div class="login-page">
    <el-card class="login-card" shadow="always">
      <div class="login-brand">
        <span class="brand-mark">t</span><span class="brand-word">thiio</span>
      </div>
      <template v-if="step === 'password'">
        <h1 class="login-title">Log in to your account</h1>
        <p class="login-subtitle">Welcome back. Enter your details to continue.</p>
        <el-alert v-if="session.notice" :title="session.notice" type="warning" show-icon :closable="false" class="login-alert" />
        <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="login-alert" />
        <el-form label-position="top" :model="form" @submit.prevent="logIn" size="large">
          <el-form-item label="Email">
            <el-input v-model="form.email" type="email" autocomplete="username" placeholder="you@company.com" />
          </el-form-item>
          <el-form-item label="Password">
            <el-input v-model="form.password" type="password" autocomplete="current-password" show-password />
          </el-form-item>
          <div class="login-row">
            <el-checkbox>Remember me</el-checkbox>
            <el-link type="primary" underline="never">Forgot password?</el-link>
          </div>
          <el-button type="primary" native-type="submit" :loading="busy" class="login-submit">Log in</el-button>
        </el-form>
      </template>
      <template v-else>
        <h1 class="login-title">Two-factor authentication</h1>
        <p class="login-subtitle">Open your authenticator app and enter the 6-digit code for Thiio.</p>
        <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="login-alert" />
        <el-form label-position="top" :model="form" @submit.prevent="verify" size="large">
          <el-form-item label="Authentication code">
            <el-input v-model="form.code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" placeholder="123456" />
          </el-form-item>
          <el-button type="primary" native-type="submit" :loading="busy" class="login-submit">Verify</el-button>
          <div class="login-back"><el-link underline="never" @click="backToPassword">Back to login</el-link></div>
        </el-form>
      </template>
    </el-card>
    <p class="login-footer">© Webforce Thiio · Privacy · Terms</p>
  </div>
  `,
};
