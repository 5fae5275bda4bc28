/** `npm run central -- serve` as a real child process (scale-out tests and the bench). */
import { spawn, type ChildProcess } from 'node:child_process'
import { bundledScript } from '../../test/support/node-script'
import { ROOT } from './fixtures'

export class CentralChild {
  child: ChildProcess | null = null
  url = ''
  stderr = ''

  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<string> {
    // bundled once per test process (no tsx compile per child)
    const main = await bundledScript('central/main.ts')
    const child = spawn(process.execPath, [main, 'serve'], {
      cwd: ROOT,
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child = child
    child.stderr!.on('data', (d) => (this.stderr += String(d)))
    this.url = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout!.on('data', (d) => {
        out += String(d)
        const m = /central listening on (http:\/\/\S+)/.exec(out)
        if (m) resolve(m[1]!)
      })
      child.on('exit', (code) => reject(new Error(`central exited with ${code}: ${this.stderr}`)))
    })
    return this.url
  }

  async stop(): Promise<void> {
    const c = this.child
    if (!c || c.exitCode !== null) return
    await new Promise<void>((r) => {
      c.once('exit', () => r())
      c.kill('SIGTERM')
    })
    this.child = null
  }
}
