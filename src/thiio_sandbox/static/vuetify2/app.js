/* Thiio admin: Vue 2.7 + Vue Router 3 + Vuetify 2 (global builds, no build step). */
(function () {
  'use strict';

  // ------------------------------------------------------------------------------------------
  // Shared state

  var store = Vue.observable({
    user: null,
    config: { post_login_dialog: false, rerender_ms: 0, confirm_retry: false },
    whatsNew: false,
    loginMessage: '',
    snackbar: { show: false, text: '', color: '' },
  });

  function toast(text, color) {
    store.snackbar.show = false;
    Vue.nextTick(function () {
      store.snackbar.text = text;
      store.snackbar.color = color || '';
      store.snackbar.show = true;
    });
  }

  // ------------------------------------------------------------------------------------------
  // API client (Laravel-style: session cookie + XSRF-TOKEN cookie echoed in X-XSRF-TOKEN)

  function readCookie(name) {
    var prefix = name + '=';
    var parts = document.cookie ? document.cookie.split('; ') : [];
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].indexOf(prefix) === 0) return decodeURIComponent(parts[i].slice(prefix.length));
    }
    return '';
  }

  function ApiError(status, message, data) {
    this.name = 'ApiError';
    this.status = status;
    this.message = message;
    this.data = data;
  }
  ApiError.prototype = Object.create(Error.prototype);

  var router; // set below

  function sessionExpired() {
    if (!store.user) return;
    store.user = null;
    store.whatsNew = false;
    store.loginMessage = 'Your session has expired. Please log in again.';
    var current = router.currentRoute;
    if (current.name !== 'login') {
      router.replace({ name: 'login', query: { redirect: current.fullPath } }).catch(function () {});
    }
  }

  async function api(method, url, body) {
    var headers = { Accept: 'application/json' };
    var options = { method: method, headers: headers, credentials: 'same-origin' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    if (method !== 'GET') {
      var token = readCookie('XSRF-TOKEN');
      if (token) headers['X-XSRF-TOKEN'] = token;
    }
    var response;
    try {
      response = await fetch(url, options);
    } catch (e) {
      throw new ApiError(0, 'Network error. Please check your connection and try again.');
    }
    var data = null;
    var type = response.headers.get('content-type') || '';
    if (type.indexOf('application/json') !== -1) {
      try {
        data = await response.json();
      } catch (e) {
        data = null;
      }
    }
    if (response.ok) return data;
    var message;
    if (data && data.message) {
      message = data.message;
    } else if (response.status >= 500) {
      message = 'Something went wrong on our side (' + response.status + '). Please try again.';
    } else {
      message = 'Request failed (' + response.status + ').';
    }
    if (response.status === 401) sessionExpired();
    throw new ApiError(response.status, message, data);
  }

  function report(error) {
    if (error && error.status === 401) return; // handled: back to the login page
    toast((error && error.message) || 'Something went wrong.', 'error');
  }

  async function loadConfig() {
    try {
      var config = await api('GET', '/api/ui-config');
      store.config = Object.assign({}, store.config, config);
    } catch (e) {
      /* keep the previous flags */
    }
    return store.config;
  }

  // ------------------------------------------------------------------------------------------
  // Formatting helpers

  var dateFormat = new Intl.DateTimeFormat('en-US', {
    month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit',
  });

  function formatDate(value) {
    if (!value) return '—';
    var date = new Date(value);
    return isNaN(date.getTime()) ? value : dateFormat.format(date);
  }

  function money(value, currency) {
    var amount = Number(value);
    if (isNaN(amount)) return value;
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency || 'USD' }).format(amount);
  }

  function orderStatusColor(status) {
    return {
      Processing: 'blue',
      Completed: 'green',
      Shipped: 'teal',
      'On Hold': 'orange',
      Refunded: 'purple',
      Cancelled: 'grey',
    }[status] || 'grey';
  }

  function notificationStatusColor(status) {
    return { Success: 'success', Failed: 'error', Pending: 'grey', Processing: 'info' }[status] || 'grey';
  }

  function initials(name) {
    return (name || '?').split(/\s+/).filter(Boolean).slice(0, 2).map(function (p) { return p[0]; }).join('').toUpperCase();
  }

  var helpers = {
    formatDate: formatDate,
    money: money,
    orderStatusColor: orderStatusColor,
    notificationStatusColor: notificationStatusColor,
  };

  // ------------------------------------------------------------------------------------------
  // Login

  var LoginPage = {
    template: `
      <v-main class="login-page">
        <v-container class="fill-height" fluid>
          <v-row align="center" justify="center">
            <v-col cols="12" sm="8" md="5" lg="4">
              <div class="text-center mb-6">
                <div class="brand-logo">
                  <v-icon color="white" large>mdi-cart-arrow-right</v-icon>
                </div>
                <div class="text-h5 font-weight-bold mt-3">thiio</div>
              </div>
              <v-card class="pa-4" elevation="3">
                <template v-if="step === 'password'">
                  <v-card-title class="text-h6">Sign in to your account</v-card-title>
                  <v-card-subtitle>Welcome back! Please enter your details.</v-card-subtitle>
                  <v-card-text>
                    <v-alert v-if="notice" type="warning" dense text>{{ notice }}</v-alert>
                    <v-alert v-if="error" type="error" dense text>{{ error }}</v-alert>
                    <v-form @submit.prevent="submitPassword">
                      <v-text-field v-model="email" label="Email" type="email" autocomplete="username"
                        prepend-inner-icon="mdi-email-outline" outlined dense autofocus></v-text-field>
                      <v-text-field v-model="password" label="Password" type="password"
                        autocomplete="current-password" prepend-inner-icon="mdi-lock-outline" outlined dense></v-text-field>
                      <v-btn type="submit" color="primary" block large depressed :loading="loading">Log in</v-btn>
                    </v-form>
                  </v-card-text>
                </template>
                <template v-else>
                  <v-card-title class="text-h6">Two-factor authentication</v-card-title>
                  <v-card-subtitle>Enter the 6-digit code from your authenticator app.</v-card-subtitle>
                  <v-card-text>
                    <v-alert v-if="error" type="error" dense text>{{ error }}</v-alert>
                    <v-form @submit.prevent="submitCode">
                      <v-text-field v-model="code" label="Authentication code" inputmode="numeric"
                        autocomplete="one-time-code" maxlength="6" prepend-inner-icon="mdi-shield-key-outline"
                        outlined dense autofocus></v-text-field>
                      <v-btn type="submit" color="primary" block large depressed :loading="loading">Verify</v-btn>
                    </v-form>
                    <div class="text-center mt-4">
                      <a href="#" @click.prevent="backToPassword">Back to login</a>
                    </div>
                  </v-card-text>
                </template>
              </v-card>
              <div class="text-center text-caption grey--text mt-6">© 2026 Thiio. All rights reserved.</div>
            </v-col>
          </v-row>
        </v-container>
      </v-main>`,
    data: function () {
      return { step: 'password', email: '', password: '', code: '', error: '', loading: false };
    },
    computed: {
      notice: function () { return store.loginMessage; },
    },
    methods: {
      submitPassword: async function () {
        this.error = '';
        this.loading = true;
        try {
          var result = await api('POST', '/api/login', { email: this.email, password: this.password });
          if (result.two_factor_required) {
            this.step = 'code';
            this.code = '';
          } else {
            await this.finish(result.user);
          }
        } catch (e) {
          this.error = e.message;
        } finally {
          this.loading = false;
        }
      },
      submitCode: async function () {
        this.error = '';
        this.loading = true;
        try {
          var result = await api('POST', '/api/login/two-factor', { code: this.code.trim() });
          await this.finish(result.user);
        } catch (e) {
          if (e.status === 401) {
            this.step = 'password';
            this.error = 'Your sign-in attempt expired. Please log in again.';
          } else {
            this.error = e.message;
          }
        } finally {
          this.loading = false;
        }
      },
      backToPassword: function () {
        this.step = 'password';
        this.error = '';
        this.code = '';
      },
      finish: async function (user) {
        store.user = user;
        store.loginMessage = '';
        var config = await loadConfig();
        if (config.post_login_dialog) store.whatsNew = true;
        var redirect = this.$route.query.redirect;
        if (typeof redirect !== 'string' || redirect.charAt(0) !== '/' || redirect.indexOf('/login') === 0) {
          redirect = '/dashboard';
        }
        this.$router.replace(redirect).catch(function () {});
      },
    },
  };

  // ------------------------------------------------------------------------------------------
  // Dashboard

  var DashboardPage = {
    template: `
      <v-container fluid class="pa-6">
        <div class="text-h5 font-weight-medium mb-1">Welcome back, {{ firstName }}</div>
        <div class="text--secondary mb-6">Here is what is happening with your store.</div>
        <v-row>
          <v-col v-for="card in cards" :key="card.title" cols="12" sm="6" md="3">
            <v-card outlined class="pa-4">
              <div class="d-flex align-center">
                <v-avatar :color="card.color" size="40" class="mr-3">
                  <v-icon dark>{{ card.icon }}</v-icon>
                </v-avatar>
                <div>
                  <div class="text-caption text--secondary">{{ card.title }}</div>
                  <div class="text-h6">{{ card.value }}</div>
                </div>
              </div>
            </v-card>
          </v-col>
        </v-row>
        <v-card outlined class="mt-6">
          <v-card-title class="text-subtitle-1 font-weight-medium">
            Recent orders
            <v-spacer></v-spacer>
            <v-btn text color="primary" to="/orders">View all</v-btn>
          </v-card-title>
          <v-divider></v-divider>
          <v-progress-linear v-if="loading" indeterminate color="primary"></v-progress-linear>
          <v-simple-table>
            <template v-slot:default>
              <thead>
                <tr><th>Order</th><th>Customer</th><th>Date</th><th class="text-right">Total</th><th>Status</th></tr>
              </thead>
              <tbody>
                <tr v-for="order in recent" :key="order.number">
                  <td><router-link :to="'/orders/' + order.number">#{{ order.number }}</router-link></td>
                  <td>{{ order.customer_name }}</td>
                  <td>{{ formatDate(order.created_at) }}</td>
                  <td class="text-right">{{ money(order.total, order.currency) }}</td>
                  <td><v-chip small :color="orderStatusColor(order.status)" text-color="white">{{ order.status }}</v-chip></td>
                </tr>
                <tr v-if="!loading && !recent.length"><td colspan="5" class="text-center text--secondary">No orders yet.</td></tr>
              </tbody>
            </template>
          </v-simple-table>
        </v-card>
      </v-container>`,
    data: function () {
      return { recent: [], total: null, loading: false };
    },
    computed: {
      firstName: function () { return store.user ? store.user.name.split(' ')[0] : ''; },
      cards: function () {
        var revenue = this.recent.reduce(function (sum, o) { return sum + Number(o.total || 0); }, 0);
        return [
          { title: 'Total orders', value: this.total === null ? '—' : this.total, icon: 'mdi-cart-outline', color: 'primary' },
          { title: 'Recent revenue', value: money(revenue, 'USD'), icon: 'mdi-currency-usd', color: 'green' },
          { title: 'Active subscriptions', value: 128, icon: 'mdi-autorenew', color: 'orange' },
          { title: 'Conversion rate', value: '3.4%', icon: 'mdi-chart-line', color: 'purple' },
        ];
      },
    },
    created: async function () {
      this.loading = true;
      try {
        var result = await api('GET', '/api/orders?page=1&per_page=5');
        this.recent = result.data;
        this.total = result.total;
      } catch (e) {
        report(e);
      } finally {
        this.loading = false;
      }
    },
    methods: helpers,
  };

  // ------------------------------------------------------------------------------------------
  // Placeholder for sections this sandbox does not implement

  var PlaceholderPage = {
    template: `
      <v-container fluid class="pa-6">
        <v-card outlined class="pa-10 text-center">
          <v-icon size="56" color="grey lighten-1">{{ $route.meta.icon }}</v-icon>
          <div class="text-h6 mt-4">{{ $route.meta.title }}</div>
          <div class="text--secondary mt-1">This section is coming soon.</div>
        </v-card>
      </v-container>`,
  };

  // ------------------------------------------------------------------------------------------
  // Order details pane (temporary right-hand drawer)

  var OrderPane = {
    props: { number: { type: String, default: null } },
    template: `
      <v-navigation-drawer v-model="open" right temporary fixed width="720" class="order-pane">
        <v-toolbar flat>
          <v-toolbar-title>Order #{{ number || (order && order.number) }}</v-toolbar-title>
          <v-chip v-if="order" small class="ml-3" :color="orderStatusColor(order.status)" text-color="white">{{ order.status }}</v-chip>
          <v-spacer></v-spacer>
          <v-btn icon @click="open = false"><v-icon>mdi-close</v-icon></v-btn>
        </v-toolbar>
        <v-progress-linear :active="loading" indeterminate color="primary" height="2"></v-progress-linear>
        <v-divider></v-divider>

        <div v-if="!order && loading" class="pa-6">
          <v-skeleton-loader type="list-item-two-line, list-item-two-line, table"></v-skeleton-loader>
        </div>

        <template v-if="order">
          <div class="px-6 pt-5 pb-2 d-flex align-center">
            <v-avatar color="primary lighten-4" size="44" class="mr-4">
              <span class="primary--text font-weight-medium">{{ initials(order.customer_name) }}</span>
            </v-avatar>
            <div class="flex-grow-1" style="min-width: 0">
              <div class="text-subtitle-1 font-weight-medium text-truncate">{{ order.customer_name }}</div>
              <div class="text-body-2 text--secondary text-truncate">{{ order.customer_email }}</div>
            </div>
            <div class="text-right">
              <div class="text-h6">{{ money(order.total, order.currency) }}</div>
              <div class="text-caption text--secondary">{{ formatDate(order.created_at) }}</div>
            </div>
          </div>

          <v-tabs v-model="tab" class="px-4">
            <v-tab>Details</v-tab>
            <v-tab>Items</v-tab>
            <v-tab>Notifications</v-tab>
            <v-tab>Notes</v-tab>
          </v-tabs>
          <v-divider></v-divider>

          <v-tabs-items v-model="tab">
            <v-tab-item>
              <v-card flat class="pa-6">
                <v-row dense>
                  <v-col cols="6">
                    <div class="text-overline text--secondary">Customer</div>
                    <div>{{ order.customer_name }}</div>
                    <div class="text--secondary">{{ order.customer_email }}</div>
                  </v-col>
                  <v-col cols="6">
                    <div class="text-overline text--secondary">Shipping address</div>
                    <template v-if="order.shipping_address && order.shipping_address.line1">
                      <div>{{ order.shipping_address.name || order.customer_name }}</div>
                      <div>{{ order.shipping_address.line1 }}</div>
                      <div>{{ order.shipping_address.city }}, {{ order.shipping_address.state }} {{ order.shipping_address.postal_code }}</div>
                      <div>{{ order.shipping_address.country }}</div>
                    </template>
                    <div v-else class="text--secondary">No shipping address</div>
                  </v-col>
                  <v-col cols="6" class="mt-4">
                    <div class="text-overline text--secondary">Order date</div>
                    <div>{{ formatDate(order.created_at) }}</div>
                  </v-col>
                  <v-col cols="6" class="mt-4">
                    <div class="text-overline text--secondary">Order status</div>
                    <v-chip small :color="orderStatusColor(order.status)" text-color="white">{{ order.status }}</v-chip>
                  </v-col>
                  <v-col cols="6" class="mt-4">
                    <div class="text-overline text--secondary">Total</div>
                    <div>{{ money(order.total, order.currency) }}</div>
                  </v-col>
                  <v-col cols="6" class="mt-4">
                    <div class="text-overline text--secondary">Payment</div>
                    <div>Credit card</div>
                  </v-col>
                </v-row>
              </v-card>
            </v-tab-item>

            <v-tab-item>
              <v-card flat class="pa-4">
                <v-simple-table>
                  <template v-slot:default>
                    <thead>
                      <tr><th>SKU</th><th>Product</th><th class="text-right">Qty</th><th class="text-right">Price</th><th class="text-right">Amount</th></tr>
                    </thead>
                    <tbody>
                      <tr v-for="item in order.items" :key="item.sku">
                        <td class="text-no-wrap">{{ item.sku }}</td>
                        <td>{{ item.name }}</td>
                        <td class="text-right">{{ item.quantity }}</td>
                        <td class="text-right">{{ money(item.price, order.currency) }}</td>
                        <td class="text-right">{{ money(item.price * item.quantity, order.currency) }}</td>
                      </tr>
                      <tr v-if="!order.items.length"><td colspan="5" class="text-center text--secondary">No items</td></tr>
                    </tbody>
                    <tfoot>
                      <tr><td colspan="4" class="text-right text--secondary">Subtotal</td><td class="text-right">{{ money(subtotal, order.currency) }}</td></tr>
                      <tr><td colspan="4" class="text-right text--secondary">Shipping</td><td class="text-right">{{ money(shipping, order.currency) }}</td></tr>
                      <tr><td colspan="4" class="text-right font-weight-medium">Total</td><td class="text-right font-weight-medium">{{ money(order.total, order.currency) }}</td></tr>
                    </tfoot>
                  </template>
                </v-simple-table>
              </v-card>
            </v-tab-item>

            <v-tab-item>
              <v-card flat class="py-2">
                <v-simple-table :key="listKey" class="notifications-table">
                  <template v-slot:default>
                    <thead>
                      <tr>
                        <th>Integration</th>
                        <th class="text-right">Attempts</th>
                        <th>Last attempt</th>
                        <th>Status</th>
                        <th></th>
                      </tr>
                    </thead>
                    <tbody>
                      <tr v-for="n in order.notifications" :key="n.id">
                        <td class="py-2">
                          <div class="font-weight-medium">{{ n.integration }}</div>
                          <div v-if="n.message" class="text-caption" :class="n.status === 'Failed' ? 'error--text' : 'text--secondary'">{{ n.message }}</div>
                        </td>
                        <td class="text-right">{{ n.attempts }}</td>
                        <td class="text-no-wrap">{{ formatDate(n.last_attempt_at) }}</td>
                        <td>
                          <v-chip small :color="notificationStatusColor(n.status)" text-color="white">
                            <v-progress-circular v-if="n.status === 'Processing'" indeterminate size="12" width="2" class="mr-2"></v-progress-circular>
                            {{ n.status }}
                          </v-chip>
                        </td>
                        <td class="text-right" style="width: 56px">
                          <v-menu offset-y left>
                            <template v-slot:activator="{ on, attrs }">
                              <v-btn icon v-bind="attrs" v-on="on">
                                <v-icon>mdi-dots-vertical</v-icon>
                              </v-btn>
                            </template>
                            <v-list dense>
                              <v-list-item :disabled="n.status !== 'Failed'" @click="askRetry(n)">
                                <v-list-item-icon><v-icon>{{ isWebhook(n) ? 'mdi-send' : 'mdi-refresh' }}</v-icon></v-list-item-icon>
                                <v-list-item-title>{{ isWebhook(n) ? 'Resend' : 'Retry' }}</v-list-item-title>
                              </v-list-item>
                              <v-list-item @click="viewPayload(n)">
                                <v-list-item-icon><v-icon>mdi-code-json</v-icon></v-list-item-icon>
                                <v-list-item-title>View payload</v-list-item-title>
                              </v-list-item>
                              <v-list-item @click="copyId(n)">
                                <v-list-item-icon><v-icon>mdi-content-copy</v-icon></v-list-item-icon>
                                <v-list-item-title>Copy ID</v-list-item-title>
                              </v-list-item>
                            </v-list>
                          </v-menu>
                        </td>
                      </tr>
                      <tr v-if="!order.notifications.length">
                        <td colspan="5" class="text-center text--secondary">No notifications for this order.</td>
                      </tr>
                    </tbody>
                  </template>
                </v-simple-table>
              </v-card>
            </v-tab-item>

            <v-tab-item>
              <v-card flat class="pa-6">
                <v-textarea v-model="noteText" label="Add a note" outlined rows="3" auto-grow hide-details></v-textarea>
                <div class="d-flex mt-3">
                  <v-spacer></v-spacer>
                  <v-btn color="primary" depressed :disabled="!noteText.trim()" @click="addNote">Add note</v-btn>
                </div>
                <v-list v-if="notes.length" two-line class="mt-2">
                  <v-list-item v-for="(note, i) in notes" :key="i">
                    <v-list-item-content>
                      <v-list-item-title>{{ note.text }}</v-list-item-title>
                      <v-list-item-subtitle>{{ note.author }} · {{ formatDate(note.at) }}</v-list-item-subtitle>
                    </v-list-item-content>
                  </v-list-item>
                </v-list>
                <div v-else class="text--secondary text-center mt-6">No notes for this order yet.</div>
              </v-card>
            </v-tab-item>
          </v-tabs-items>
        </template>

        <v-dialog v-model="confirm.show" max-width="420">
          <v-card>
            <v-card-title class="text-h6">{{ confirm.resend ? 'Resend this notification?' : 'Retry this notification?' }}</v-card-title>
            <v-card-text>
              {{ confirm.integration }} for order #{{ number }} will be {{ confirm.resend ? 'sent' : 'processed' }} again.
            </v-card-text>
            <v-card-actions>
              <v-spacer></v-spacer>
              <v-btn text @click="confirm.show = false">Cancel</v-btn>
              <v-btn color="primary" text @click="confirmed">{{ confirm.resend ? 'Resend' : 'Retry' }}</v-btn>
            </v-card-actions>
          </v-card>
        </v-dialog>

        <v-dialog v-model="payload.show" max-width="560">
          <v-card>
            <v-card-title class="text-h6">Notification payload</v-card-title>
            <v-card-text>
              <pre class="payload">{{ payload.text }}</pre>
            </v-card-text>
            <v-card-actions>
              <v-spacer></v-spacer>
              <v-btn text color="primary" @click="payload.show = false">Close</v-btn>
            </v-card-actions>
          </v-card>
        </v-dialog>
      </v-navigation-drawer>`,
    data: function () {
      return {
        open: false,
        order: null,
        loading: false,
        tab: 0,
        listKey: 0,
        seq: 0,
        pollTimer: null,
        rerenderTimer: null,
        confirm: { show: false, notification: null, integration: '', resend: false },
        payload: { show: false, text: '' },
        noteText: '',
        notes: [],
      };
    },
    computed: {
      subtotal: function () {
        if (!this.order) return 0;
        return this.order.items.reduce(function (sum, item) { return sum + Number(item.price) * item.quantity; }, 0);
      },
      shipping: function () {
        return this.order ? Math.max(0, Number(this.order.total) - this.subtotal) : 0;
      },
    },
    watch: {
      number: {
        immediate: true,
        handler: function (number) {
          this.stopTimers();
          if (number) {
            this.open = true;
            this.order = null;
            this.tab = 0;
            this.notes = [];
            this.noteText = '';
            this.load();
            this.startRerender();
          } else {
            this.open = false;
          }
        },
      },
      open: function (value) {
        if (!value) {
          this.stopTimers();
          if (this.number) this.$emit('close');
        }
      },
    },
    beforeDestroy: function () {
      this.seq++;
      this.stopTimers();
    },
    methods: Object.assign({}, helpers, {
      initials: initials,
      isWebhook: function (n) { return /webhook/i.test(n.integration); },
      load: async function () {
        var seq = ++this.seq;
        var number = this.number;
        this.loading = true;
        try {
          var order = await api('GET', '/api/orders/' + encodeURIComponent(number));
          if (seq !== this.seq) return;
          this.order = order;
        } catch (e) {
          if (seq !== this.seq) return;
          if (e.status === 404) {
            toast('Order #' + number + ' was not found.', 'error');
            this.open = false;
          } else {
            report(e);
          }
        } finally {
          if (seq === this.seq) this.loading = false;
        }
        this.schedulePoll();
      },
      refresh: async function (rerender) {
        var number = this.number;
        if (!number || !this.open) return;
        try {
          var order = await api('GET', '/api/orders/' + encodeURIComponent(number));
          if (number !== this.number || !this.open) return;
          this.order = order;
          if (rerender) this.listKey++;
        } catch (e) {
          if (e.status !== 502) report(e);
        }
      },
      schedulePoll: function () {
        var self = this;
        if (self.pollTimer || !self.open || !self.order) return;
        var busy = self.order.notifications.some(function (n) { return n.status === 'Processing'; });
        if (!busy) return;
        self.pollTimer = setTimeout(async function () {
          await self.refresh(false);
          self.pollTimer = null;
          self.schedulePoll();
        }, 1500);
      },
      startRerender: async function () {
        var self = this;
        var config = await loadConfig();
        if (!self.open || self.rerenderTimer || !config.rerender_ms) return;
        self.rerenderTimer = setInterval(function () { self.refresh(true); }, Math.max(250, config.rerender_ms));
      },
      stopTimers: function () {
        clearTimeout(this.pollTimer);
        clearInterval(this.rerenderTimer);
        this.pollTimer = null;
        this.rerenderTimer = null;
      },
      askRetry: function (n) {
        if (n.status !== 'Failed') return;
        if (store.config.confirm_retry) {
          this.confirm = { show: true, notification: n, integration: n.integration, resend: this.isWebhook(n) };
        } else {
          this.retry(n);
        }
      },
      confirmed: function () {
        var n = this.confirm.notification;
        this.confirm.show = false;
        if (n) this.retry(n);
      },
      retry: async function (n) {
        var action = this.isWebhook(n) ? 'resend' : 'retry';
        try {
          var result = await api('POST', '/api/notifications/' + n.id + '/' + action);
          toast(result && result.message ? result.message : (action === 'resend' ? 'Resend requested.' : 'Retry requested.'), 'success');
          if (result && result.notification && this.order) {
            var list = this.order.notifications;
            for (var i = 0; i < list.length; i++) {
              if (list[i].id === result.notification.id) this.$set(list, i, result.notification);
            }
          }
        } catch (e) {
          report(e);
          if (e.status === 401) return;
        }
        await this.refresh(false);
        this.schedulePoll();
      },
      viewPayload: function (n) {
        this.payload = { show: true, text: JSON.stringify(n, null, 2) };
      },
      copyId: async function (n) {
        try {
          await navigator.clipboard.writeText(String(n.id));
          toast('Notification ID copied to clipboard.');
        } catch (e) {
          toast('Could not copy the ID.', 'error');
        }
      },
      addNote: function () {
        this.notes.unshift({ text: this.noteText.trim(), author: store.user ? store.user.name : '', at: new Date().toISOString() });
        this.noteText = '';
      },
    }),
  };

  // ------------------------------------------------------------------------------------------
  // Orders

  var OrdersPage = {
    props: { number: { type: String, default: null } },
    components: { OrderPane: OrderPane },
    template: `
      <v-container fluid class="pa-6">
        <v-card outlined>
          <v-card-title>
            Orders
            <v-spacer></v-spacer>
            <v-text-field
              v-model="search"
              append-icon="mdi-magnify"
              label="Search"
              single-line
              hide-details
              class="orders-search"
              @keydown.enter="applySearch"
            ></v-text-field>
          </v-card-title>
          <v-data-table
            :headers="headers"
            :items="orders"
            item-key="number"
            :options.sync="options"
            :server-items-length="total"
            :loading="loading"
            loading-text="Loading orders... Please wait"
            :no-data-text="appliedSearch ? 'No orders match your search.' : 'No orders yet.'"
            :footer-props="{ 'items-per-page-options': [10, 25, 50, 100] }"
            disable-sort
            class="orders-table"
            @click:row="openOrder"
          >
            <template v-slot:item.number="{ item }">
              <span class="primary--text font-weight-medium">#{{ item.number }}</span>
            </template>
            <template v-slot:item.created_at="{ item }"><span class="text-no-wrap">{{ formatDate(item.created_at) }}</span></template>
            <template v-slot:item.total="{ item }">{{ money(item.total, item.currency) }}</template>
            <template v-slot:item.status="{ item }">
              <v-chip small :color="orderStatusColor(item.status)" text-color="white">{{ item.status }}</v-chip>
            </template>
          </v-data-table>
        </v-card>
        <order-pane :number="number" @close="closePane"></order-pane>
      </v-container>`,
    data: function () {
      return {
        search: '',
        appliedSearch: '',
        debounce: null,
        orders: [],
        total: 0,
        loading: false,
        seq: 0,
        options: { page: 1, itemsPerPage: 25 },
        headers: [
          { text: 'Order', value: 'number' },
          { text: 'Date', value: 'created_at' },
          { text: 'Customer', value: 'customer_name' },
          { text: 'Email', value: 'customer_email' },
          { text: 'Total', value: 'total', align: 'end' },
          { text: 'Status', value: 'status' },
        ],
      };
    },
    watch: {
      options: {
        deep: true,
        handler: function () { this.fetchOrders(); },
      },
      search: function () {
        var self = this;
        clearTimeout(self.debounce);
        self.debounce = setTimeout(function () { self.applySearch(); }, 400);
      },
    },
    beforeDestroy: function () {
      clearTimeout(this.debounce);
      this.seq++;
    },
    methods: Object.assign({}, helpers, {
      applySearch: function () {
        clearTimeout(this.debounce);
        var value = (this.search || '').trim();
        if (value === this.appliedSearch && this.orders.length) return;
        this.appliedSearch = value;
        if (this.options.page !== 1) {
          this.options = Object.assign({}, this.options, { page: 1 });
        } else {
          this.fetchOrders();
        }
      },
      fetchOrders: async function () {
        var seq = ++this.seq;
        var perPage = this.options.itemsPerPage > 0 ? this.options.itemsPerPage : 100;
        var params = new URLSearchParams({
          search: this.appliedSearch,
          page: String(this.options.page || 1),
          per_page: String(perPage),
        });
        this.loading = true;
        try {
          var result = await api('GET', '/api/orders?' + params.toString());
          if (seq !== this.seq) return;
          this.orders = result.data;
          this.total = result.total;
        } catch (e) {
          if (seq !== this.seq) return;
          report(e);
        } finally {
          if (seq === this.seq) this.loading = false;
        }
      },
      openOrder: function (item) {
        if (this.number === item.number) return;
        this.$router.push({ name: 'orders', params: { number: item.number } }).catch(function () {});
      },
      closePane: function () {
        this.$router.push({ name: 'orders' }).catch(function () {});
      },
    }),
  };

  // ------------------------------------------------------------------------------------------
  // Router

  var sections = [
    { path: '/dashboard', title: 'Dashboard', icon: 'mdi-view-dashboard-outline' },
    { path: '/orders', title: 'Orders', icon: 'mdi-cart-outline' },
    { path: '/customers', title: 'Customers', icon: 'mdi-account-group-outline' },
    { path: '/products', title: 'Products', icon: 'mdi-package-variant-closed' },
    { path: '/subscriptions', title: 'Subscriptions', icon: 'mdi-autorenew' },
    { path: '/funnels', title: 'Funnels', icon: 'mdi-filter-variant' },
    { path: '/integrations', title: 'Integrations', icon: 'mdi-puzzle-outline' },
    { path: '/reports', title: 'Reports', icon: 'mdi-chart-box-outline' },
    { path: '/settings', title: 'Settings', icon: 'mdi-cog-outline' },
  ];

  var routes = [
    { path: '/', redirect: '/dashboard' },
    { path: '/login', name: 'login', component: LoginPage, meta: { public: true, title: 'Log in' } },
    { path: '/dashboard', name: 'dashboard', component: DashboardPage, meta: { title: 'Dashboard' } },
    { path: '/orders/:number?', name: 'orders', component: OrdersPage, props: true, meta: { title: 'Orders' } },
  ];
  sections.forEach(function (s) {
    if (s.path === '/dashboard' || s.path === '/orders') return;
    routes.push({ path: s.path, component: PlaceholderPage, meta: { title: s.title, icon: s.icon } });
  });
  routes.push({ path: '*', redirect: '/dashboard' });

  router = new VueRouter({ mode: 'history', routes: routes });

  router.beforeEach(function (to, from, next) {
    if (!to.meta.public && !store.user) {
      next({ name: 'login', query: to.fullPath && to.fullPath !== '/' ? { redirect: to.fullPath } : {} });
    } else if (to.name === 'login' && store.user) {
      next('/dashboard');
    } else {
      next();
    }
  });

  router.afterEach(function (to) {
    document.title = (to.meta.title ? to.meta.title + ' · ' : '') + 'Thiio';
  });

  // ------------------------------------------------------------------------------------------
  // App shell

  var App = {
    template: `
      <v-app>
        <router-view v-if="$route.meta.public"></router-view>
        <template v-else-if="user">
          <v-navigation-drawer v-model="drawer" app :mobile-breakpoint="960" width="248" class="app-nav">
            <div class="d-flex align-center px-5 py-4">
              <div class="brand-logo brand-logo--small">
                <v-icon color="white" small>mdi-cart-arrow-right</v-icon>
              </div>
              <span class="text-h6 font-weight-bold ml-3">thiio</span>
            </div>
            <v-list nav dense>
              <v-list-item v-for="item in sections" :key="item.path" :to="item.path" color="primary">
                <v-list-item-icon><v-icon>{{ item.icon }}</v-icon></v-list-item-icon>
                <v-list-item-content>
                  <v-list-item-title>{{ item.title }}</v-list-item-title>
                </v-list-item-content>
              </v-list-item>
            </v-list>
          </v-navigation-drawer>

          <v-app-bar app flat color="white" class="app-bar">
            <v-app-bar-nav-icon @click="drawer = !drawer"></v-app-bar-nav-icon>
            <v-toolbar-title class="text-subtitle-1 font-weight-medium">{{ $route.meta.title }}</v-toolbar-title>
            <v-spacer></v-spacer>
            <v-btn icon><v-icon>mdi-bell-outline</v-icon></v-btn>
            <v-menu offset-y left>
              <template v-slot:activator="{ on, attrs }">
                <v-btn text class="text-none ml-2 account-btn" v-bind="attrs" v-on="on">
                  <v-avatar color="primary" size="30" class="mr-2">
                    <span class="white--text text-caption">{{ initials(user.name) }}</span>
                  </v-avatar>
                  {{ user.name }}
                  <v-icon right>mdi-chevron-down</v-icon>
                </v-btn>
              </template>
              <v-list dense>
                <v-list-item two-line>
                  <v-list-item-content>
                    <v-list-item-title>{{ user.name }}</v-list-item-title>
                    <v-list-item-subtitle>{{ user.email }}</v-list-item-subtitle>
                  </v-list-item-content>
                </v-list-item>
                <v-divider></v-divider>
                <v-list-item to="/settings">
                  <v-list-item-icon><v-icon>mdi-account-cog-outline</v-icon></v-list-item-icon>
                  <v-list-item-title>Account settings</v-list-item-title>
                </v-list-item>
                <v-list-item @click="logout">
                  <v-list-item-icon><v-icon>mdi-logout</v-icon></v-list-item-icon>
                  <v-list-item-title>Log out</v-list-item-title>
                </v-list-item>
              </v-list>
            </v-menu>
          </v-app-bar>

          <v-main class="app-main">
            <router-view></router-view>
          </v-main>
        </template>

        <v-dialog v-model="store.whatsNew" max-width="520">
          <v-card>
            <v-card-title class="text-h6">
              <v-icon color="primary" class="mr-2">mdi-gift-outline</v-icon>
              What's new in Thiio
            </v-card-title>
            <v-card-text>
              <p>We have been busy! Here is what changed this month:</p>
              <ul>
                <li>Faster order search by number, customer name or email.</li>
                <li>Integration notifications now show their last error message.</li>
                <li>New Klaviyo abandoned cart templates.</li>
              </ul>
            </v-card-text>
            <v-card-actions>
              <v-spacer></v-spacer>
              <v-btn color="primary" depressed @click="store.whatsNew = false">Got it</v-btn>
            </v-card-actions>
          </v-card>
        </v-dialog>

        <v-snackbar v-model="store.snackbar.show" :color="store.snackbar.color" timeout="4000">
          {{ store.snackbar.text }}
          <template v-slot:action="{ attrs }">
            <v-btn text v-bind="attrs" @click="store.snackbar.show = false">Close</v-btn>
          </template>
        </v-snackbar>
      </v-app>`,
    data: function () {
      return { drawer: null, store: store, sections: sections };
    },
    computed: {
      user: function () { return store.user; },
    },
    methods: {
      initials: initials,
      logout: async function () {
        try {
          await api('POST', '/api/logout');
        } catch (e) {
          if (e.status !== 401) report(e);
        }
        store.user = null;
        store.loginMessage = '';
        this.$router.replace({ name: 'login' }).catch(function () {});
      },
    },
  };

  // ------------------------------------------------------------------------------------------
  // Start-up: flags, then who is logged in, then mount

  Vue.use(VueRouter);
  Vue.use(Vuetify);

  var vuetify = new Vuetify({
    icons: { iconfont: 'mdi' },
    theme: {
      themes: {
        light: { primary: '#4f46e5', secondary: '#64748b', accent: '#0ea5e9' },
      },
    },
  });

  (async function start() {
    await loadConfig();
    try {
      store.user = await api('GET', '/api/me');
    } catch (e) {
      store.user = null;
    }
    new Vue({ vuetify: vuetify, router: router, render: function (h) { return h(App); } }).$mount('#app');
  })();
})();
