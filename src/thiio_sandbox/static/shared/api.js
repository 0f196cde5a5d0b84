// The one place that talks to the sandbox's JSON API (Laravel-style: session cookie,
// XSRF-TOKEN cookie echoed back as the X-XSRF-TOKEN header on state-changing calls), for
// both of the sandbox's own front ends (static/js/ + static/app.js, and static/element/).

export const GENERIC_ERROR = 'Something went wrong. Please try again.';
export const SESSION_EXPIRED = 'Your session has expired. Please sign in again.';

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

let unauthorizedHandler = () => {};

// The app registers what "401" means (back to the login page) once the router exists.
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

function xsrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
  return match ? decodeURIComponent(match[1]) : null;
}

// `sessionCall` is false for the calls that decide whether there is a session at all
// (login, two-factor, me): their 401 is an answer, not an expiry.
export async function request(method, path, body, { sessionCall = true } = {}) {
  const headers = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    const token = xsrfToken();
    if (token) headers['X-XSRF-TOKEN'] = token;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, 'Network error. Please check your connection and try again.');
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (err) {
    data = null;
  }
  if (response.status === 401 && sessionCall) {
    unauthorizedHandler();
    throw new ApiError(401, SESSION_EXPIRED, data);
  }
  if (!response.ok) {
    const serverMessage = data && typeof data.message === 'string' ? data.message : '';
    const message = serverMessage || (response.status >= 500 ? GENERIC_ERROR : `Request failed (${response.status}).`);
    throw new ApiError(response.status, message, data);
  }
  return data;
}

export const api = {
  get: (path, options) => request('GET', path, undefined, options),
  post: (path, body, options) => request('POST', path, body ?? {}, options),
};

// The endpoints, one function each. The calls that decide whether there is a session at all
// are not session calls (their 401 is an answer).
export const fetchUiConfig = () => api.get('/api/ui-config');
export const fetchMe = () => api.get('/api/me', { sessionCall: false });
export const postLogin = (email, password) => api.post('/api/login', { email, password }, { sessionCall: false });
export const postTwoFactor = (code) => api.post('/api/login/two-factor', { code }, { sessionCall: false });
export const postLogout = () => api.post('/api/logout', {}, { sessionCall: false });

// One page of the orders list; `search` is left out of the query when not given.
export function fetchOrders({ search, page, perPage }) {
  const query = new URLSearchParams();
  if (search !== undefined) query.set('search', search);
  query.set('page', String(page));
  query.set('per_page', String(perPage));
  return api.get(`/api/orders?${query}`);
}

export const fetchOrder = (number) => api.get(`/api/orders/${encodeURIComponent(number)}`);

// A System Webhook notification is resent; every other integration's is retried.
export function isWebhook(notification) {
  return String(notification.integration || '').toLowerCase() === 'system webhook';
}

function notificationAction(notification) {
  return isWebhook(notification) ? 'resend' : 'retry';
}

// Asks for a notification's retry (or resend); answers the notification as the server now has it.
export async function requestNotificationAction(notification) {
  const answer = await api.post(
    `/api/notifications/${encodeURIComponent(notification.id)}/${notificationAction(notification)}`,
  );
  return (answer && answer.notification) || answer;
}
