/**
 * Test projects:
 *  - node: unit (core, store, services, jobs), contract, integration (built server + worker), architecture.
 *  - e2e: headless Debian Chromium driven by playwright-core against the built workbench.
 * Tests that need the real corpus read ../shared/corpus and skip with a message when it is absent.
 */
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'
import { resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')

export default defineConfig({
  root,
  // Renderer tests mount .vue components directly.
  plugins: [vue()],
  resolve: {
    alias: {
      '@core': resolve(root, 'src-main/core'),
      '@contract': resolve(root, 'src-main/contract'),
      '@renderer': resolve(root, 'src-renderer'),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'test/contract/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/architecture.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['test/renderer/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
