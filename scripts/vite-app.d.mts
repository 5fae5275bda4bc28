import type { UserConfig } from 'vite'

/**
 * A React app's Vite config (see the .mjs); for `vite build` it also sets NODE_ENV=production
 * while the config is read.
 */
export function reactAppConfig(
  command: 'build' | 'serve',
  app: {
    root: string
    base: string
    outDir: string
    /** the chunk a module goes to (undefined: Vite decides) */
    manualChunks: (id: string) => string | undefined
  },
): UserConfig
