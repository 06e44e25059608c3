/**
 * The narrow bridge the sandboxed renderer gets as `window.bridge`: call a contract method, listen
 * to contract events, pick a bundle with the native dialog, and get the path of a dropped file.
 * `ipcRenderer` itself is never exposed.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { type Bridge, IPC_CALL, IPC_EVENT, IPC_PICK_BUNDLE } from '../contract/bridge'

const bridge: Bridge = {
  call: (method, input) => ipcRenderer.invoke(IPC_CALL, method, input),
  onEvent(listener) {
    const handler = (_e: Electron.IpcRendererEvent, name: string, payload: unknown) => listener(name, payload)
    ipcRenderer.on(IPC_EVENT, handler)
    return () => ipcRenderer.off(IPC_EVENT, handler)
  },
  pickBundle: () => ipcRenderer.invoke(IPC_PICK_BUNDLE),
  pathForFile: (file) => webUtils.getPathForFile(file as File),
}

contextBridge.exposeInMainWorld('bridge', bridge)
