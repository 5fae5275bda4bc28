/**
 * All migrations as a static map (bundler- and asar-safe; no directory scanning).
 * Names sort in application order. Additive-only once a version ships.
 */
import type { Migration } from 'kysely'
import * as m0001 from './0001-init'

export const migrations: Record<string, Migration> = {
  '0001-init': m0001,
}
