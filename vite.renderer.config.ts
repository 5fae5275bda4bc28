/**
 * The one renderer build. Both shells load its output, out/renderer/:
 *  - Electron loads out/renderer/index.html from file:// (hence base './');
 *  - the browser-mode host (electron/host) serves the same files over http://127.0.0.1.
 * scripts/build-desktop.mjs builds the main, backend and preload bundles.
 */
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'
import { productionBuild } from './scripts/vite-production.mjs'

const root = fileURLToPath(new URL('./renderer', import.meta.url))

export default defineConfig(({ command }) => {
  productionBuild(command)
  return {
    root,
    base: './',
    plugins: [react()],
    build: {
      outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 2500,
      rollupOptions: {
        output: {
          manualChunks(id: string): string | undefined {
            if (id.includes('node_modules/zrender') || id.includes('node_modules/echarts'))
              return 'echarts'
            if (id.includes('node_modules/')) return 'vendor'
            return undefined
          },
        },
      },
    },
  }
})
