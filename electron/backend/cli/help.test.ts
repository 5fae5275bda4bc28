/**
 * `npm run assess -- COMMAND --help` (or `-h`, anywhere): every command prints its usage line on
 * stdout and exits 0, and does nothing else. Before, eight of the eleven commands answered
 * `--help` with "unknown option", exit 2.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../test-helpers'
import { COMMANDS } from './commands'
import { runCli } from './test-cli'

describe('COMMAND --help', () => {
  for (const name of Object.keys(COMMANDS)) {
    it(`${name} --help and ${name} -h: the usage on stdout, exit 0`, async () => {
      for (const flag of ['--help', '-h']) {
        const r = await runCli([name, flag])
        expect(r.code, `${name} ${flag}: ${r.stderr}`).toBe(0)
        expect(r.stderr).toBe('')
        expect(r.stdout).toMatch(new RegExp(`^usage: npm run assess -- ${name} `))
        expect(r.stdout.endsWith('\n')).toBe(true)
        expect(r.stdout.trimEnd().split('\n')).toHaveLength(1)
      }
    })
  }

  it('--help among other arguments still only prints the usage: nothing is written', async () => {
    const t = tempDir()
    try {
      const out = join(t.dir, 'out.pdf')
      const r = await runCli(['report', 'examples/no-such.json', '-o', out, '--help'])
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/^usage: npm run assess -- report /)
      expect(existsSync(out)).toBe(false)
    } finally {
      t.cleanup()
    }
  })

  it('-h after other arguments is help as well: score and report print their usage', async () => {
    for (const name of ['score', 'report']) {
      const r = await runCli([name, 'examples/no-such.json', '-h'])
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toMatch(new RegExp(`^usage: npm run assess -- ${name} `))
    }
  })
})
