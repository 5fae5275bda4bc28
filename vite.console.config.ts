/**
 * The city console (issue 16 §1): console/ → out/console, served by central under /console/
 * (central/console/static.ts). It talks to central only through shared/console's contract.
 */
import { defineConfig } from 'vite'
import { fileURLToPath } from 'node:url'
import { reactAppConfig } from './scripts/vite-app.mjs'

export default defineConfig(({ command }) =>
  reactAppConfig(command, {
    root: fileURLToPath(new URL('./console', import.meta.url)),
    base: '/console/',
    outDir: fileURLToPath(new URL('./out/console', import.meta.url)),
    manualChunks: (id) => (id.includes('node_modules/') ? 'vendor' : undefined),
  }),
)
