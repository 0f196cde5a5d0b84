// What the order details pane of either front end is built on: which notifications are still
// in flight, how often to look again, the pane's clocks, which rows are busy, the address.
import { isWebhook } from './api.js';

const { ref } = Vue;

const POLL_MS = 1000; // while any notification is Pending or Processing
// After a failed Retry call keep looking a few times: a 502 may come after the server acted.
export const POLLS_AFTER_ERROR = 5;

const UNSETTLED = new Set(['Pending', 'Processing']);

export function anyUnsettled(notifications) {
  return notifications.some((n) => UNSETTLED.has(n.status));
}

// The row menu's action: a System Webhook notification is resent, the others are retried.
export function actionLabel(notification, retryWord = 'Retry') {
  return isWebhook(notification) ? 'Resend' : retryWord;
}

// The pane's two clocks: the next poll (one waits at a time) and the re-render interval.
export function paneTimers() {
  let pollTimer = null;
  let rerenderTimer = null;
  return {
    pollAfter(fn, ms = POLL_MS) {
      clearTimeout(pollTimer);
      pollTimer = setTimeout(() => {
        pollTimer = null;
        fn();
      }, ms);
    },
    cancelPoll() {
      clearTimeout(pollTimer);
      pollTimer = null;
    },
    rerenderEvery(fn, ms) {
      rerenderTimer = setInterval(fn, ms);
    },
    stop() {
      clearTimeout(pollTimer);
      clearInterval(rerenderTimer);
      pollTimer = null;
      rerenderTimer = null;
    },
  };
}

// The ids of the notifications whose Retry call is under way (a new Set each change, so the
// template sees it).
export function useBusyIds() {
  const busyIds = ref(new Set());
  return {
    busyIds,
    add(id) {
      busyIds.value = new Set([...busyIds.value, id]);
    },
    remove(id) {
      const rest = new Set(busyIds.value);
      rest.delete(id);
      busyIds.value = rest;
    },
    clear() {
      busyIds.value = new Set();
    },
  };
}

// A shipping address as lines: name, street, second line, "city, state, zip", country.
export function addressLines(address) {
  if (!address) return [];
  if (typeof address === 'string') return address.split('\n');
  const cityLine = [address.city, address.state || address.region, address.zip || address.postal_code]
    .filter(Boolean).join(', ');
  return [address.name, address.line1 || address.address1 || address.street, address.line2 || address.address2,
    cityLine, address.country].filter(Boolean).map(String);
}
