/**
 * electron-vite builds the two Electron bundles only: main (ESM, out/main/index.js = package.json
 * "main") and preload (CommonJS, because a sandboxed preload cannot be an ES module). The renderer
 * has its own build (vite.renderer.config.ts → out/renderer) so that Electron and browser mode load
 * the very same files. The SQLite drivers (better-sqlite3-multiple-ciphers for the encrypted local
 * database, better-sqlite3) are native modules: they stay external and are loaded from
 * node_modules (rebuilt for Electron's ABI by electron-builder at packaging time).
 */
import { defineConfig } from 'electron-vite'

export default defineConfig({
  main: {
    build: {
      externalizeDeps: { include: ['better-sqlite3', 'better-sqlite3-multiple-ciphers'] },
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
