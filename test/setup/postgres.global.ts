/**
 * Vitest global setup for the projects whose tests also run on PostgreSQL (central, backend's
 * sync tests): when TEST_DATABASE_URL is not set, start a throwaway cluster with
 * scripts/pg-test-cluster.sh (own data directory, 127.0.0.1, a free port) and stop it after the
 * run, so `npm test` covers PostgreSQL wherever the server binaries are installed. Under CI a
 * missing PostgreSQL is an error, never a silent skip.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const script = join(import.meta.dirname, '..', '..', 'scripts', 'pg-test-cluster.sh')

function serverInstalled(): boolean {
  try {
    return readdirSync('/usr/lib/postgresql').some((v) =>
      existsSync(join('/usr/lib/postgresql', v, 'bin', 'initdb')),
    )
  } catch {
    return false
  }
}

export default function setup(): (() => void) | undefined {
  if (process.env['TEST_DATABASE_URL']) return undefined
  if (!serverInstalled()) {
    const msg =
      'PostgreSQL server not installed: central/sync tests run on SQLite only (apt-get install -y postgresql)'
    if (process.env['CI']) throw new Error(msg)
    console.warn(msg)
    return undefined
  }
  const env = { ...process.env, PG_TEST_DIR: join(tmpdir(), `dl-pg-vitest-${process.pid}`) }
  const out = execFileSync('bash', [script, 'start'], { env, encoding: 'utf8' })
  const url = /TEST_DATABASE_URL='([^']+)'/.exec(out)?.[1]
  if (!url) throw new Error(`pg-test-cluster.sh printed no TEST_DATABASE_URL:\n${out}`)
  process.env['TEST_DATABASE_URL'] = url
  return () => {
    execFileSync('bash', [script, 'stop'], { env, stdio: 'ignore' })
    delete process.env['TEST_DATABASE_URL']
  }
}
