/**
 * Renderer-only Vite config: `dev:web` (proxying /api and /upload to a running `rtcwb serve`, set
 * RTCWB_SERVER, default http://127.0.0.1:5175) and a standalone build check into out/renderer-check.
 * The desktop/server build uses electron.vite.config.ts with the same root, aliases and plugin.
 */
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

const here = fileURLToPath(new URL('.', import.meta.url))
const at = (p: string) => fileURLToPath(new URL(p, import.meta.url))
const server = process.env.RTCWB_SERVER ?? 'http://127.0.0.1:5175'

// The loopback server refuses cross-origin POSTs and foreign Host headers: look like same-origin.
const proxy = {
  target: server,
  changeOrigin: true,
  configure: (p: { on(ev: 'proxyReq', cb: (req: { removeHeader(name: string): void }) => void): void }) => {
    p.on('proxyReq', (req) => req.removeHeader('origin'))
  },
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [vue()],
  resolve: {
    alias: { '@contract': at('../src-main/contract'), '@core': at('../src-main/core'), '@renderer': here.replace(/\/$/, '') },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: { outDir: at('../out/renderer-check'), emptyOutDir: true },
  server: { proxy: { '/api': proxy, '/upload': proxy } },
})
