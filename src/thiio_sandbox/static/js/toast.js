// The snackbar's model: the message it shows at the bottom right.
const { reactive } = Vue;

export const toast = reactive({ show: false, text: '', color: undefined, timeout: 4000 });

export function notify(text, color) {
  // Re-open even when a previous snackbar is still showing, so each message is seen.
  toast.show = false;
  Vue.nextTick(() => {
    toast.text = text;
    toast.color = color;
    toast.show = true;
  });
}
