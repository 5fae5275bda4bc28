/** Helpers for the sync tests and the bench: a local app DB with the outbox, a TCP proxy that
 * can cut a connection, a central service in a child process that can be SIGKILLed. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { migrateToLatest } from '../db/migrate'
import { openDatabase } from '../db/open'
import type { DB } from '../db/schema'
import { bundledScript } from '../../../test/support/node-script'

export const ROOT = join(import.meta.dirname, '..', '..', '..')

export async function openLocalDb(
  dir = mkdtempSync(join(tmpdir(), 'dl-local-')),
): Promise<{ db: Kysely<DB>; dir: string; close(): Promise<void> }> {
  const o = openDatabase(join(dir, 'app.sqlite'))
  await migrateToLatest(o.db)
  return { db: o.db, dir, close: () => o.close() }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * A loopback TCP proxy. `cutAfter(n)`: the next connection that carries more than n bytes from
 * the client is destroyed after forwarding exactly n of them (a cable pulled mid-upload).
 */
export class CuttingProxy {
  private server: net.Server
  private cutAt: number | null = null
  private readonly sockets = new Set<net.Socket>()
  cuts = 0
  port = 0

  constructor(private readonly upstreamPort: number) {
    this.server = net.createServer((client) => {
      const up = net.connect(this.upstreamPort, '127.0.0.1')
      this.sockets.add(client).add(up)
      let forwarded = 0
      client.on('data', (d: Buffer) => {
        if (this.cutAt !== null && forwarded + d.length > this.cutAt) {
          const keep = this.cutAt - forwarded
          this.cutAt = null
          this.cuts++
          up.write(d.subarray(0, Math.max(0, keep)), () => {
            up.destroy()
            client.destroy()
          })
          return
        }
        forwarded += d.length
        up.write(d)
      })
      up.on('data', (d) => client.write(d))
      const end = (): void => {
        client.destroy()
        up.destroy()
        this.sockets.delete(client)
        this.sockets.delete(up)
      }
      client.on('error', end)
      up.on('error', end)
      client.on('close', end)
      up.on('close', end)
    })
  }

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()))
    this.port = (this.server.address() as net.AddressInfo).port
    return `http://127.0.0.1:${this.port}`
  }

  cutAfter(bytes: number): void {
    this.cutAt = bytes
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    return new Promise((r) => this.server.close(() => r()))
  }
}

/** `npm run central` as a real child process. */
export class CentralProcess {
  child: ChildProcess | null = null
  url = ''

  constructor(
    private readonly env: { dataDir: string; port: number; databaseUrl?: string | undefined },
  ) {}

  private envVars(): NodeJS.ProcessEnv {
    const e: NodeJS.ProcessEnv = {
      ...process.env,
      CENTRAL_DATA_DIR: this.env.dataDir,
      PORT: String(this.env.port),
      HOST: '127.0.0.1',
    }
    if (this.env.databaseUrl) e['DATABASE_URL'] = this.env.databaseUrl
    else delete e['DATABASE_URL']
    return e
  }

  async start(): Promise<string> {
    const child = spawn(process.execPath, [await bundledScript('central/main.ts'), 'serve'], {
      cwd: ROOT,
      env: this.envVars(),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child = child
    let err = ''
    child.stderr!.on('data', (d) => (err += String(d)))
    this.url = await new Promise<string>((resolve, reject) => {
      let out = ''
      const t = setTimeout(() => reject(new Error(`central did not start: ${err}`)), 30_000)
      child.stdout!.on('data', (d) => {
        out += String(d)
        const m = /central listening on (http:\/\/\S+)/.exec(out)
        if (m) {
          clearTimeout(t)
          resolve(m[1]!)
        }
      })
      child.on('exit', (code) => {
        clearTimeout(t)
        reject(new Error(`central exited with ${code}: ${err}`))
      })
    })
    return this.url
  }

  /** SIGKILL: no shutdown handlers run. */
  async kill(): Promise<void> {
    const c = this.child
    if (!c || c.exitCode !== null) return
    await new Promise<void>((r) => {
      c.once('exit', () => r())
      c.kill('SIGKILL')
    })
    this.child = null
  }

  /** Runs an admin command (`approve KEYID`, …) as its own process. */
  async admin(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const script = await bundledScript('central/main.ts')
    return new Promise((resolve) => {
      const p = spawn(process.execPath, [script, ...args], { cwd: ROOT, env: this.envVars() })
      let out = ''
      let err = ''
      p.stdout.on('data', (d) => (out += String(d)))
      p.stderr.on('data', (d) => (err += String(d)))
      p.on('exit', (code) => resolve({ code: code ?? -1, out, err }))
    })
  }
}
