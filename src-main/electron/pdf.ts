/**
 * PDF export in the desktop app: the report's self-contained HTML loaded into a hidden, sandboxed
 * window with JavaScript off, printed by Chromium's `printToPDF`, and the window destroyed.
 */
import { BrowserWindow } from 'electron'

export async function printHtmlToPdf(html: string): Promise<Buffer> {
  const win = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true, spellcheck: false },
  })
  try {
    await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`)
    return await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4', margins: { marginType: 'default' } })
  } finally {
    win.destroy()
  }
}
