/** Sets NODE_ENV=production while a Vite config is read for `vite build` (see the .mjs). */
export function productionBuild(command: 'build' | 'serve'): void
