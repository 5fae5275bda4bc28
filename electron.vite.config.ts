/**
 * electron-vite builds the two Electron bundles only: main (ESM, out/main/index.js = package.json
 * "main") and preload (CommonJS, because a sandboxed preload cannot be an ES module). The renderer
 * has its own build (vite.renderer.config.ts → out/renderer) so that Electron and browser mode load
 * the very same files. better-sqlite3 is a native module: it stays external and is loaded from
 * node_modules (rebuilt for Electron's ABI by electron-builder at packaging time).
 */
import { defineConfig } from 'electron-vite'

export default defineConfig({
  main: {
    build: {
      externalizeDeps: { include: ['better-sqlite3'] },
      outDir: 'out/main',
      rollupOptions: { input: { index: 'electron/main/index.ts' } },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: 'electron/preload/index.ts' },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
})
