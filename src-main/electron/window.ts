/**
 * The hardened main window (Electron security checklist): sandboxed renderer with context
 * isolation and no Node, strict CSP on every response, no navigation away from the app, no new
 * windows, every permission request denied. Loads the built renderer from disk (or the dev server
 * electron-vite names in ELECTRON_RENDERER_URL).
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BrowserWindow, session, shell } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../transport/http'

export function rendererUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(__dirname, '../renderer/index.html')).href
}

/** True for URLs of our own renderer (the file it was loaded from, or the dev server origin). */
export function isTrustedUrl(url: string): boolean {
  const own = rendererUrl()
  if (process.env.ELECTRON_RENDERER_URL) return url.startsWith(new URL(own).origin + '/')
  return url.split('#')[0]!.split('?')[0] === own
}

export function createMainWindow(): BrowserWindow {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
  const win = new BrowserWindow({
    width: 1366, height: 820, minWidth: 960, minHeight: 600, show: false, title: 'RTC Workbench',
    webPreferences: {
      preload: join(__dirname, '../preload/preload.js'),
      sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, webviewTag: false,
      allowRunningInsecureContent: false, spellcheck: false,
    },
  })
  win.webContents.on('will-navigate', (e, url) => {
    if (!isTrustedUrl(url)) e.preventDefault()
  })
  win.webContents.on('will-attach-webview', (e) => e.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the user's browser, never inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.once('ready-to-show', () => win.show())
  void win.loadURL(rendererUrl())
  return win
}
