export default {
  name: 'PlaceholderPage',
  props: {
    title: { type: String, required: true },
    icon: { type: String, default: 'mdi-tools' },
    text: { type: String, default: '' },
  },
  template: `
    <v-container fluid class="pa-6">
      <v-card>
        <v-empty-state
          :icon="icon"
          :headline="title"
          title="Coming soon to your workspace"
          :text="text"
        ></v-empty-state>
      </v-card>
    </v-container>
  `,
}
