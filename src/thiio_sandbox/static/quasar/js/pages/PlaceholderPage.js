const { computed } = Vue
const { useRoute } = VueRouter

export default {
  name: 'PlaceholderPage',
  template: `
    <q-page padding>
      <div class="page-head">
        <div class="text-h5 text-weight-medium">{{ title }}</div>
      </div>
      <q-card flat bordered>
        <q-card-section class="column items-center q-py-xl text-grey-7">
          <q-icon :name="icon" size="48px" color="grey-5" />
          <div class="text-subtitle1 q-mt-md">Nothing to show here yet</div>
          <div class="text-body2">{{ title }} will appear here.</div>
        </q-card-section>
      </q-card>
    </q-page>
  `,
  setup() {
    const route = useRoute()
    return {
      title: computed(() => route.meta.title),
      icon: computed(() => route.meta.icon || 'mdi-file-outline')
    }
  }
}
