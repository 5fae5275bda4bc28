/**
 * Vitest global setup of the e2e project: the renderer is built once for the whole run and every
 * host the suites start serves it (DL_RENDERER_DIR, inherited by the workers and their hosts).
 * Each suite used to run `vite build` itself (~4 s × 13 suites). The build comes from
 * `sharedRendererBuild()` (out/renderer-builds/<hash of its sources>): the package test beside
 * the e2e run (DL_TEST_PARALLEL=1, scripts/run-tests.mjs) packs the same build instead of
 * building it again, and never writes where a host serves from.
 */
import { sharedRendererBuild } from '../support/renderer-build'

export default async function setup(): Promise<void> {
  if (process.env['DL_SKIP_E2E'] === '1' && !process.env['CI']) return
  process.env['DL_RENDERER_DIR'] = await sharedRendererBuild()
}
