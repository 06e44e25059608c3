// `npm start`: open the desktop app; where Electron's binary is absent (its download is blocked on
// some networks), say so in one line and serve the same workbench in the browser instead.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const args = process.argv.slice(2)

const built = ['out/main/main.js', 'out/main/server.js', 'out/preload/preload.js', 'out/renderer/index.html'].every((f) => existsSync(join(root, f)))
if (!built) {
  const r = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

let electronBinary = null
try {
  electronBinary = require('electron')
} catch {
  electronBinary = null
}

if (electronBinary && existsSync(electronBinary)) {
  // Chromium refuses to start as root unless its OS sandbox is off; the renderer stays sandboxed by Electron.
  const extra = process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : []
  const child = spawn(electronBinary, [...extra, root, ...args], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  console.log("Electron's binary is not installed on this machine, so the workbench opens in browser mode instead:")
  const child = spawn(process.execPath, [join(root, 'out/main/server.js'), ...args], { stdio: 'inherit' })
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code) => process.exit(code ?? 0))
}
