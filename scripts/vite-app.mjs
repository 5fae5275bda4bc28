/**
 * What the two React apps' Vite builds share (vite.renderer.config.ts, vite.console.config.ts):
 * the React plugin, the build options, and React's production build whatever NODE_ENV the caller
 * has.
 *
 * Vite takes process.env.NODE_ENV as it finds it: under vitest (NODE_ENV=test, inherited by the
 * e2e setup's and the package test's `vite build`) or in a shell with NODE_ENV=development, the
 * build carried React's development build: an Error object per element for its owner stacks,
 * warnings, the jsxDEV runtime. Measured 2026-12-07: the e2e suites drove that build, and
 * Chromium's renderer main thread spent 31 s on assessor.test alone; the packed app carried it
 * too (vendor chunk 1.57 MB against 1.32 MB).
 *
 * Setting it while the config is read is early enough: Vite decides `isProduction` (which
 * @vitejs/plugin-react follows for its JSX runtime) and the `process.env.NODE_ENV` define after
 * loading the config. `vite` (the dev server) is left as it is.
 */
import react from '@vitejs/plugin-react'

export function reactAppConfig(command, { root, base, outDir, manualChunks }) {
  if (command === 'build') process.env.NODE_ENV = 'production'
  return {
    root,
    base,
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 2500,
      rollupOptions: { output: { manualChunks } },
    },
  }
}
