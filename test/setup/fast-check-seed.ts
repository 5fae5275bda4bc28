/**
 * Every property test runs with a fixed seed (issue 15 §5: no test that can fail by chance).
 * FC_SEED overrides it (e.g. to explore: FC_SEED=$RANDOM npx vitest run …); on a failure
 * fast-check's message names the seed and the counterexample path to replay it, e.g.
 * "Property failed after 12 tests { seed: 20261206, path: "11:0" }". Loaded by every vitest
 * project (vitest.config.ts setupFiles); a test that passes its own `seed` keeps it.
 */
import fc from 'fast-check'

export const FC_SEED = Number(process.env.FC_SEED ?? 20261206)
if (!Number.isSafeInteger(FC_SEED))
  throw new Error(`FC_SEED must be an integer, got ${process.env.FC_SEED}`)
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: FC_SEED })
