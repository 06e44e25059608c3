/**
 * Serves the dispatcher over Electron IPC: one `invoke` channel for every contract method (the
 * sender's frame must be our own renderer), bus events forwarded to the window, and the native
 * open dialog. Returns a disposer.
 */
import { type BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { IPC_CALL, IPC_EVENT, IPC_PICK_BUNDLE } from '../contract/bridge'
import type { Dispatch } from '../transport/dispatch'
import type { EventBus } from '../transport/event-bus'

export function registerIpc(win: BrowserWindow, dispatch: Dispatch, bus: EventBus, isTrustedUrl: (url: string) => boolean): () => void {
  const trusted = (e: IpcMainInvokeEvent) => e.sender === win.webContents && isTrustedUrl(e.senderFrame?.url ?? '')
  ipcMain.handle(IPC_CALL, async (e, method: unknown, input: unknown) => {
    if (!trusted(e)) return { ok: false, error: { code: 'UNAUTHORIZED', message: 'IPC from an untrusted frame' } }
    return dispatch(method, input, { origin: 'ipc' })
  })
  ipcMain.handle(IPC_PICK_BUNDLE, async (e) => {
    if (!trusted(e)) return null
    const r = await dialog.showOpenDialog(win, {
      title: 'Import a log bundle',
      properties: ['openFile', 'openDirectory'],
      filters: [{ name: 'Log bundles', extensions: ['json', 'txt', 'gz', 'tgz', 'zip', 'tar', 'log', 'pcap', 'pcapng'] }, { name: 'All files', extensions: ['*'] }],
    })
    return r.canceled ? null : (r.filePaths[0] ?? null)
  })
  const unsubscribe = bus.subscribe((name, payload) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT, name, payload)
  })
  return () => {
    unsubscribe()
    ipcMain.removeHandler(IPC_CALL)
    ipcMain.removeHandler(IPC_PICK_BUNDLE)
  }
}
