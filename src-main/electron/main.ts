/**
 * Electron entry: one app instance per data directory, the store and services in the main
 * process, parsing in worker threads, the renderer in a hardened window talking over IPC.
 * Data directory: --data-dir, then RTC_WORKBENCH_DATA, then Electron's userData folder.
 */
import { join } from 'node:path'
import { app as electronApp, BrowserWindow } from 'electron'
import { type App, createApp } from '../app'
import { resolveDataDir } from '../paths'
import { appVersion } from '../version'
import { registerIpc } from './ipc'
import { printHtmlToPdf } from './pdf'
import { createMainWindow, isTrustedUrl } from './window'

function dataDirFlag(argv: string[]): string | undefined {
  const i = argv.indexOf('--data-dir')
  if (i >= 0) return argv[i + 1]
  return argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length)
}

async function start(): Promise<void> {
  const flag = dataDirFlag(process.argv)
  const dataDir = resolveDataDir({ ...(flag ? { flag } : {}), electronUserData: electronApp.getPath('userData') })
  let workbench: App
  try {
    workbench = await createApp({
      dataDir, jobsMode: 'worker', workerPath: join(__dirname, 'parse.worker.js'), isElectron: true, seedDemo: true, version: appVersion(), printPdf: printHtmlToPdf,
    })
  } catch (e) {
    console.error(`RTC Workbench could not open its store in ${dataDir}: ${(e as Error).message}`)
    electronApp.exit(1)
    return
  }
  const win = createMainWindow()
  const disposeIpc = registerIpc(win, workbench.dispatch, workbench.bus, isTrustedUrl)
  let isQuitting = false
  electronApp.on('before-quit', (e) => {
    if (isQuitting) return
    e.preventDefault()
    isQuitting = true
    disposeIpc()
    void workbench.dispose().finally(() => electronApp.quit())
  })
}

if (!electronApp.requestSingleInstanceLock()) {
  electronApp.quit()
} else {
  electronApp.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0]
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
  })
  electronApp.on('window-all-closed', () => electronApp.quit())
  electronApp.whenReady().then(start, (e: unknown) => console.error(e))
}
