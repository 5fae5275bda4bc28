/**
 * The job runner behind `npm test` and `npm run check` (scripts/side-by-side.mjs): side by
 * side every job runs to its end and the first failure's code is the result; in a row it can
 * stop at the first failure; held output comes in one piece, prefixed output line by line.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runJobs, type Job, type Sink } from '../../scripts/side-by-side.mjs'

const dir = mkdtempSync(join(tmpdir(), 'dl-jobs-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function capture(): Sink & { text(): string } {
  let all = ''
  const w = { write: (s: string) => (all += s) }
  return { stdout: w, stderr: w, text: () => all }
}

function nodeJob(name: string, code: string, extra: Partial<Job>, sink: Sink): Job {
  return { name, tool: 'node', args: ['-e', code], cwd: dir, label: 't', sink, ...extra }
}

describe('side-by-side jobs', () => {
  it('side by side: every job runs to its end; the first failing code is the result; held output in one piece', async () => {
    const sink = capture()
    const marker = join(dir, 'ran-b')
    const code = await runJobs(
      [
        nodeJob(
          'a',
          "console.log('a1'); setTimeout(() => { console.log('a2'); process.exit(3) }, 300)",
          { hold: true },
          sink,
        ),
        nodeJob(
          'b',
          `console.log('b1'); require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'); console.log('b2')`,
          { prefix: '[b] ' },
          sink,
        ),
      ],
      { parallel: true },
    )
    expect(code).toBe(3)
    expect(existsSync(marker)).toBe(true)
    const out = sink.text()
    expect(out).toContain('[b] b1\n[b] b2\n')
    expect(out).toContain('\n[t] a:\na1\na2\n')
    expect(out).toMatch(/\[t\] a: exit 3 after \d+\.\d s/)
    expect(out).toMatch(/\[t\] b: exit 0 after \d+\.\d s/)
    // held output after every job has ended, then both status lines again
    expect(out.indexOf('[t] a:\na1')).toBeGreaterThan(out.indexOf('[t] b: exit 0'))
    expect(out.slice(out.indexOf('[t] a:\na1'))).toMatch(
      /a: exit 3 after .*\n\[t\] b: exit 0 after/,
    )
  })

  it('a UTF-8 character split across two writes stays whole in prefixed output', async () => {
    const sink = capture()
    const code = await runJobs(
      [
        nodeJob(
          'zh',
          "const b = Buffer.from('评测报告\\n'); process.stdout.write(b.subarray(0, 4)); setTimeout(() => process.stdout.write(b.subarray(4)), 200)",
          { prefix: '[zh] ' },
          sink,
        ),
      ],
      { parallel: true },
    )
    expect(code).toBe(0)
    expect(sink.text()).toContain('[zh] 评测报告\n')
    expect(sink.text()).not.toContain('\uFFFD')
  })

  it('in a row with stopOnFailure: nothing after the first failure runs', async () => {
    const sink = capture()
    const marker = join(dir, 'ran-second')
    const code = await runJobs(
      [
        nodeJob('first', 'process.exit(2)', { hold: true }, sink),
        nodeJob(
          'second',
          `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`,
          { hold: true },
          sink,
        ),
      ],
      { parallel: false, stopOnFailure: true },
    )
    expect(code).toBe(2)
    expect(existsSync(marker)).toBe(false)
    expect(sink.text()).not.toContain('second')
  })

  it('in a row without stopOnFailure: every job runs', async () => {
    const sink = capture()
    const code = await runJobs(
      [
        nodeJob('first', 'process.exit(4)', { hold: true }, sink),
        nodeJob('second', 'process.exit(0)', { hold: true }, sink),
      ],
      { parallel: false },
    )
    expect(code).toBe(4)
    expect(sink.text()).toMatch(/second: exit 0/)
  })

  it('a job that cannot start fails with its name; one killed by a signal fails too', async () => {
    const sink = capture()
    const code = await runJobs(
      [
        {
          name: 'ghost',
          tool: 'no-such-tool-dl-test',
          args: [],
          cwd: dir,
          label: 't',
          sink,
          hold: true,
        },
        nodeJob('killed', "process.kill(process.pid, 'SIGKILL')", { hold: true }, sink),
      ],
      { parallel: true },
    )
    expect(code).toBe(1)
    expect(sink.text()).toMatch(/\[t\] cannot start ghost: .*ENOENT/)
    expect(sink.text()).toMatch(/\[t\] killed: exit 1 after/)
  })

  it('all passing: 0', async () => {
    const sink = capture()
    expect(
      await runJobs(
        [nodeJob('x', '', { hold: true }, sink), nodeJob('y', '', { hold: true }, sink)],
        { parallel: true },
      ),
    ).toBe(0)
  })
})
