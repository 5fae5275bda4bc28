/** Starting and stopping the central service (used by main.ts, tests and the bench). */
import { mkdirSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { DEFAULT_LIMITS, type CentralConfig } from './config'
import { loadOrCreateServerKey } from './crypto'
import { openCentralDatabase, type CentralDatabase } from './db/open'
import type { EvidenceBackend } from './evidence/backend'
import { DirectoryBackend } from './evidence/directory'
import { EvidenceStore } from './evidence-store'
import type { CentralContext } from './ingest'
import { upkeep } from './upkeep'

export type { CentralConfig } from './config'

/** The database, the evidence store and the server key, without the HTTP app (the admin CLI). */
export interface CentralStore {
  ctx: CentralContext
  database: CentralDatabase
  close(): Promise<void>
}

export interface CentralHandle extends CentralStore {
  app: FastifyInstance
}

async function backendOf(cfg: CentralConfig): Promise<EvidenceBackend & { destroy?: () => void }> {
  const e = cfg.evidence ?? { kind: 'directory' }
  if (e.kind === 's3') {
    // loaded only when configured: the AWS SDK takes a while to load, the CLI never needs it
    const { S3Backend } = await import('./evidence/s3')
    const { kind: _kind, ...s3 } = e
    return new S3Backend(s3)
  }
  return new DirectoryBackend(e.dir ?? cfg.dataDir)
}

/**
 * What the admin CLI's commands work on. Without the HTTP app: fastify, the routes and the
 * console are loaded only by `openCentral` (serve, tests), so a command such as `approve` or
 * `staff add` does not pay for them at every start.
 */
export async function openCentralStore(cfg: CentralConfig): Promise<CentralStore> {
  mkdirSync(cfg.dataDir, { recursive: true, mode: 0o700 })
  const database = await openCentralDatabase({
    databaseUrl: cfg.databaseUrl,
    sqlitePath: join(cfg.dataDir, 'central.sqlite'),
  })
  const now = cfg.now ?? (() => new Date())
  const limits = { ...DEFAULT_LIMITS, ...cfg.limits }
  const backend = await backendOf(cfg)
  const ctx: CentralContext = {
    db: database.db,
    dialect: database.dialect,
    store: new EvidenceStore(database.db, backend, {
      now: () => now().getTime(),
      uploadTtlMs: limits.uploadTtlMs,
    }),
    serverKey: loadOrCreateServerKey(cfg.serverKeyFile ?? join(cfg.dataDir, 'server-key.pem')),
    now,
    limits,
    instanceId: `${
      hostname()
        .replace(/[^0-9A-Za-z-]/g, '')
        .slice(0, 40) || 'host'
    }-${process.pid}-${randomBytes(3).toString('hex')}`.toLowerCase(),
  }
  return {
    ctx,
    database,
    async close() {
      await database.close()
      backend.destroy?.()
    },
  }
}

/** The store and its HTTP app (not listening yet). */
export async function openCentral(cfg: CentralConfig): Promise<CentralHandle> {
  const store = await openCentralStore(cfg)
  let app: FastifyInstance
  try {
    const { buildCentralApp } = await import('./app')
    app = await buildCentralApp({
      ...store.ctx,
      ...(cfg.trustProxy !== undefined ? { trustProxy: cfg.trustProxy } : {}),
      ...(cfg.consoleDir ? { consoleDir: cfg.consoleDir } : {}),
    })
  } catch (e) {
    await store.close()
    throw e
  }
  return {
    ...store,
    app,
    async close() {
      await app.close()
      await store.close()
    },
  }
}

/** Opens and listens; returns the base URL (http://host:port). Upkeep runs every minute. */
export async function startCentral(
  cfg: CentralConfig & { host?: string; port?: number; upkeepEveryMs?: number },
): Promise<CentralHandle & { url: string }> {
  const h = await openCentral(cfg)
  const url = await h.app.listen({ host: cfg.host ?? '127.0.0.1', port: cfg.port ?? 0 })
  let running: Promise<unknown> = Promise.resolve()
  const timer = setInterval(() => {
    running = upkeep(h.ctx, h.ctx.now().getTime()).catch((e: unknown) =>
      process.stderr.write(
        `central upkeep failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`,
      ),
    )
  }, cfg.upkeepEveryMs ?? 60_000)
  timer.unref()
  return {
    ...h,
    url,
    async close() {
      clearInterval(timer)
      await running
      await h.close()
    },
  }
}
