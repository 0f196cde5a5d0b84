import { session } from '../store.js'

export default {
  name: 'WhatsNewDialog',
  setup() {
    const updates = [
      {
        icon: 'mdi-bell-badge-outline',
        title: 'Integration notifications on every order',
        text: 'See each integration sync (UltraCart, Order Desk, Klaviyo, webhooks) in the order pane.',
      },
      {
        icon: 'mdi-refresh',
        title: 'Retry failed syncs',
        text: 'Use the row menu of a failed notification to send the order again.',
      },
      {
        icon: 'mdi-magnify',
        title: 'Faster order search',
        text: 'Find orders by number, customer name or email from one search field.',
      },
    ]
    function dismiss() {
      session.showWhatsNew = false
    }
    return { session, updates, dismiss }
  },
  template: `
    <v-dialog v-model="session.showWhatsNew" max-width="520" persistent>
      <v-card>
        <v-card-item class="pt-5">
          <template #prepend>
            <v-avatar color="primary" variant="tonal">
              <v-icon icon="mdi-party-popper"></v-icon>
            </v-avatar>
          </template>
          <v-card-title>What's new in Thiio</v-card-title>
          <v-card-subtitle>Release notes for this month</v-card-subtitle>
        </v-card-item>
        <v-card-text>
          <v-list lines="two" density="compact" class="pa-0">
            <v-list-item
              v-for="update in updates"
              :key="update.title"
              :prepend-icon="update.icon"
              :title="update.title"
              :subtitle="update.text"
            ></v-list-item>
          </v-list>
        </v-card-text>
        <v-card-actions>
          <v-spacer></v-spacer>
          <v-btn color="primary" variant="flat" @click="dismiss">Got it</v-btn>
        </v-card-actions>
      </v-card>
    </v-dialog>
  `,
}
