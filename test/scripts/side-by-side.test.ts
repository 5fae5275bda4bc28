/**
 * The job runner behind `npm test` and `npm run check` (scripts/side-by-side.mjs): side by
 * side every job runs to its end and the first failure's code is the result; in a row it can
 * stop at the first failure; held output comes in one piece, prefixed output line by line.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { countdown, runJobs, type Job, type Sink } from '../../scripts/side-by-side.mjs'

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

  it('a job with startAfter starts when the gate opens, while the others still run', async () => {
    const sink = capture()
    const first = join(dir, 'first-ended')
    const late = join(dir, 'late-started')
    const gate = countdown(1)
    const ends: number[] = []
    const code = await runJobs(
      [
        // ends first, after 500 ms (a 'late' started at once would not find its marker), and
        // opens the gate
        nodeJob(
          'first',
          `setTimeout(() => require('fs').writeFileSync(${JSON.stringify(first)}, 'x'), 500)`,
          { hold: true, onEnd: (c) => (ends.push(c), gate.tick()) },
          sink,
        ),
        // still running when 'late' starts: waits (up to 60 s) for its marker
        nodeJob(
          'long',
          `const fs = require('fs'), t = Date.now();
           const poll = () => fs.existsSync(${JSON.stringify(late)}) ? process.exit(0)
             : Date.now() - t > 60000 ? process.exit(6) : setTimeout(poll, 20);
           poll()`,
          { hold: true, onEnd: (c) => ends.push(c) },
          sink,
        ),
        // must find 'first' ended when it starts
        nodeJob(
          'late',
          `const fs = require('fs');
           if (!fs.existsSync(${JSON.stringify(first)})) process.exit(5);
           fs.writeFileSync(${JSON.stringify(late)}, 'x')`,
          { hold: true, startAfter: gate.opened },
          sink,
        ),
      ],
      { parallel: true },
    )
    expect(sink.text()).not.toMatch(/exit [56]/)
    expect(code).toBe(0)
    expect(ends).toEqual([0, 0])
  })

  it('countdown: opens after its count of ticks, at once for 0', async () => {
    const opened: string[] = []
    const two = countdown(2)
    void two.opened.then(() => opened.push('two'))
    void countdown(0).opened.then(() => opened.push('zero'))
    two.tick()
    await new Promise((r) => setTimeout(r, 0))
    expect(opened).toEqual(['zero'])
    two.tick()
    await new Promise((r) => setTimeout(r, 0))
    expect(opened).toEqual(['zero', 'two'])
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
