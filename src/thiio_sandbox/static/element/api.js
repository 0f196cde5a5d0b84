// The Element Plus front end talks to the same JSON API through the same client as the
// Vuetify one (session cookie, XSRF-TOKEN echoed as X-XSRF-TOKEN); only its words differ.
export * from '../js/api.js';
export const SESSION_EXPIRED = 'Your session has expired. Please log in again.';
