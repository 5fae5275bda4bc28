/**
 * The city console (issue 16 §1): console/ → out/console, served by central under /console/
 * (central/console/static.ts). It talks to central only through shared/console's contract.
 */
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'
import { productionBuild } from './scripts/vite-production.mjs'

export default defineConfig(({ command }) => {
  productionBuild(command)
  return {
    root: fileURLToPath(new URL('./console', import.meta.url)),
    base: '/console/',
    plugins: [react()],
    build: {
      outDir: fileURLToPath(new URL('./out/console', import.meta.url)),
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 2500,
      rollupOptions: {
        output: {
          manualChunks(id: string): string | undefined {
            return id.includes('node_modules/') ? 'vendor' : undefined
          },
        },
      },
    },
  }
})
