/** Starting and stopping the central service (used by main.ts, tests and the bench). */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildCentralApp } from './app'
import { loadOrCreateServerKey } from './crypto'
import { openCentralDatabase, type CentralDatabase } from './db/open'
import { EvidenceStore } from './evidence-store'
import type { CentralContext } from './ingest'

export interface CentralConfig {
  /** Evidence files, the server key and (without databaseUrl) central.sqlite live here. */
  dataDir: string
  /** postgres://… to use PostgreSQL; otherwise SQLite in dataDir. */
  databaseUrl?: string | undefined
  now?: () => Date
  /** The built city console (issue 16); default CONSOLE_DIR or <repo>/out/console. */
  consoleDir?: string
}

export interface CentralHandle {
  ctx: CentralContext
  database: CentralDatabase
  app: FastifyInstance
  close(): Promise<void>
}

export async function openCentral(cfg: CentralConfig): Promise<CentralHandle> {
  mkdirSync(cfg.dataDir, { recursive: true })
  const database = await openCentralDatabase({
    databaseUrl: cfg.databaseUrl,
    sqlitePath: join(cfg.dataDir, 'central.sqlite'),
  })
  const ctx: CentralContext = {
    db: database.db,
    store: new EvidenceStore(cfg.dataDir),
    serverKey: loadOrCreateServerKey(join(cfg.dataDir, 'server-key.pem')),
    now: cfg.now ?? (() => new Date()),
  }
  const app = await buildCentralApp({
    ...ctx,
    ...(cfg.consoleDir ? { consoleDir: cfg.consoleDir } : {}),
  })
  return {
    ctx,
    database,
    app,
    async close() {
      await app.close()
      await database.close()
    },
  }
}

/** Opens and listens; returns the base URL (http://host:port). */
export async function startCentral(
  cfg: CentralConfig & { host?: string; port?: number },
): Promise<CentralHandle & { url: string }> {
  const h = await openCentral(cfg)
  const url = await h.app.listen({ host: cfg.host ?? '127.0.0.1', port: cfg.port ?? 0 })
  return { ...h, url }
}
