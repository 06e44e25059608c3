/** Globals of the renderer: the Electron preload's bridge (absent in browser mode) and *.vue modules. */

interface Window {
  bridge?: import('@contract/bridge').Bridge
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
