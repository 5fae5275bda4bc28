/**
 * The one renderer build. Both shells load its output, out/renderer/:
 *  - Electron loads out/renderer/index.html from file:// (hence base './');
 *  - the browser-mode host (electron/host) serves the same files over http://127.0.0.1.
 * scripts/build-desktop.mjs builds the main, backend and preload bundles.
 */
import { defineConfig } from 'vite'
import { fileURLToPath } from 'node:url'
import { reactAppConfig } from './scripts/vite-app.mjs'

export default defineConfig(({ command }) =>
  reactAppConfig(command, {
    root: fileURLToPath(new URL('./renderer', import.meta.url)),
    base: './',
    outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
    manualChunks(id) {
      if (id.includes('node_modules/zrender') || id.includes('node_modules/echarts'))
        return 'echarts'
      if (id.includes('node_modules/')) return 'vendor'
      return undefined
    },
  }),
)
