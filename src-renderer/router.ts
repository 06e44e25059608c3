/** Routes of the workbench. Hash history: the desktop app loads index.html from disk (file://). */
import { createRouter, createWebHashHistory, type Router } from 'vue-router'
import CaseListView from './views/CaseListView.vue'
import CaseView from './views/CaseView.vue'
import CaseWorkView from './views/CaseWorkView.vue'
import CaseWhatIfView from './views/CaseWhatIfView.vue'
import SearchView from './views/SearchView.vue'
import SettingsView from './views/SettingsView.vue'

export function createWorkbenchRouter(): Router {
  return createRouter({
    history: createWebHashHistory(),
    routes: [
      { path: '/', name: 'cases', component: CaseListView },
      { path: '/cases/:caseId', name: 'case', component: CaseView, props: true },
      { path: '/cases/:caseId/work', name: 'case-work', component: CaseWorkView, props: true },
      { path: '/cases/:caseId/whatif', name: 'case-whatif', component: CaseWhatIfView, props: true },
      { path: '/search', name: 'search', component: SearchView },
      { path: '/settings', name: 'settings', component: SettingsView },
      { path: '/:pathMatch(.*)*', redirect: '/' },
    ],
  })
}
