/**
 * Build of the three Electron targets from the fixed layout. `main` also builds the plain-Node
 * entries (server, CLI, parse worker) so browser mode, the CLI and the tests run the very same
 * bundles as the desktop app. Native and heavy dependencies stay external (loaded from node_modules).
 */
import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'

const alias = { '@core': resolve('src-main/core'), '@contract': resolve('src-main/contract') }

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          main: resolve('src-main/electron/main.ts'),
          server: resolve('src-main/server.ts'),
          cli: resolve('src-main/cli/cli.ts'),
          'parse.worker': resolve('src-main/workers/parse.worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { preload: resolve('src-main/electron/preload.ts') } },
    },
  },
  renderer: {
    root: resolve('src-renderer'),
    // Relative asset URLs: the desktop app loads index.html from disk (file://).
    base: './',
    resolve: { alias: { ...alias, '@renderer': resolve('src-renderer') } },
    // Minified: electron-vite leaves the renderer unminified by default, and its size is most of the
    // time to open a case in browser mode.
    build: { outDir: resolve('out/renderer'), minify: 'esbuild', rollupOptions: { input: resolve('src-renderer/index.html') } },
    plugins: [vue()],
    // vue-i18n: composition API only, messages compiled without eval (the CSP forbids it).
    define: { __VUE_I18N_FULL_INSTALL__: 'true', __VUE_I18N_LEGACY_API__: 'false', __INTLIFY_PROD_DEVTOOLS__: 'false' },
  },
})
