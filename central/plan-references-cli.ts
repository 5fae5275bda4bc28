/**
 * The administrator's commands for measures libraries and product catalogues (issue 13), run
 * from `npm run central -- …` (main.ts hands them over):
 *   publish-measures FILE.json                     sign + publish a measures library
 *   publish-products FILE.csv|FILE.xlsx [--id ID] [--title 标题]   sign + publish a product table
 *   measures | products                            built-in and published ones
 *   export-measures ID -o FILE | export-products ID -o FILE   the signed file for offline laptops
 * A bad product table prints one line per bad cell (row and column named) and exits 2.
 */
import { writeFileDurableSync } from '../node/fs-durable'
import type { CentralContext } from './ingest'
import {
  PlanReferenceError,
  exportDocument,
  listDocuments,
  publishMeasuresFile,
  publishProductsFile,
  type DocumentKind,
} from './plan-references'
import { formatRowError } from '../shared/domain/plan'

interface Io {
  stdout: { write(s: string): unknown }
  stderr: { write(s: string): unknown }
}

function flags(
  rest: string[],
  names: string[],
): { positional: string[]; values: Map<string, string> } {
  const positional: string[] = []
  const values = new Map<string, string>()
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!
    if (names.includes(a)) {
      const v = rest[++i]
      if (v === undefined) throw new PlanReferenceError(`${a}: needs a value`)
      values.set(a, v)
    } else if (a.startsWith('-')) throw new PlanReferenceError(`unknown option ${a}`)
    else positional.push(a)
  }
  return { positional, values }
}

function writeExport(out: string, value: unknown): void {
  try {
    writeFileDurableSync(out, Buffer.from(JSON.stringify(value, null, 2) + '\n'))
  } catch (e) {
    throw new PlanReferenceError(
      `${out}: cannot write (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
    )
  }
}

async function run(ctx: CentralContext, cmd: string, rest: string[], io: Io): Promise<number> {
  switch (cmd) {
    case 'publish-measures': {
      const { positional } = flags(rest, [])
      if (positional.length !== 1)
        throw new PlanReferenceError('publish-measures: exactly one FILE.json required')
      const r = await publishMeasuresFile(ctx, positional[0]!)
      const b = r.signed.body
      io.stdout.write(
        r.status === 'published'
          ? `已发布 / published: ${b.library.id} (${b.library.title}, ${b.library.entries.length} entries) SHA-256 ${b.librarySha256.slice(0, 12)}… at ${b.publishedAt}, signed by server key ${b.serverKeyId.slice(0, 12)}…\n`
          : `未变更 / unchanged: ${b.library.id} was already published with the same content at ${b.publishedAt}; nothing done\n`,
      )
      return 0
    }
    case 'publish-products': {
      const { positional, values } = flags(rest, ['--id', '--title'])
      if (positional.length !== 1)
        throw new PlanReferenceError('publish-products: exactly one FILE.csv or FILE.xlsx required')
      const id = values.get('--id')
      const title = values.get('--title')
      const r = await publishProductsFile(ctx, positional[0]!, {
        ...(id !== undefined ? { id } : {}),
        ...(title !== undefined ? { title } : {}),
      })
      const b = r.signed.body
      io.stdout.write(
        r.status === 'published'
          ? `已发布 / published: ${b.products.id} (${b.products.title}, ${b.products.products.length} products) SHA-256 ${b.productsSha256.slice(0, 12)}… at ${b.publishedAt}, signed by server key ${b.serverKeyId.slice(0, 12)}…\n`
          : `未变更 / unchanged: ${b.products.id} was already published with the same content at ${b.publishedAt}; nothing done\n`,
      )
      return 0
    }
    case 'measures':
    case 'products':
      for (const d of await listDocuments(ctx, cmd))
        io.stdout.write(
          `${d.id.padEnd(28)}  ${d.source.padEnd(9)}  ${d.sha256.slice(0, 12)}  ${(d.publishedAt ?? '-').padEnd(24)}  ${String(d.count).padStart(4)}  ${d.title}\n`,
        )
      return 0
    case 'export-measures':
    case 'export-products': {
      const kind: DocumentKind = cmd === 'export-measures' ? 'measures' : 'products'
      const { positional, values } = flags(rest, ['-o', '--output'])
      const out = values.get('-o') ?? values.get('--output')
      if (positional.length !== 1 || !out)
        throw new PlanReferenceError(`${cmd}: ID -o FILE required`)
      const signed = await exportDocument(ctx, kind, positional[0]!)
      writeExport(out, signed)
      io.stdout.write(
        `wrote ${out}: ${positional[0]} signed by server key ${signed.body.serverKeyId.slice(0, 12)}…\n`,
      )
      return 0
    }
    default:
      return -1
  }
}

/** Runs `cmd` when it is one of these commands; -1 when it is not. */
export async function runPlanReferenceCommand(
  ctx: CentralContext,
  cmd: string,
  rest: string[],
  io: Io,
): Promise<number> {
  try {
    return await run(ctx, cmd, rest, io)
  } catch (e) {
    if (e instanceof PlanReferenceError && e.rows.length) {
      io.stderr.write(`error: ${e.message.split('；')[0]}\n`)
      for (const r of e.rows.slice(0, 50)) io.stderr.write(`error: ${formatRowError(r)}\n`)
      if (e.rows.length > 50) io.stderr.write(`error: … ${e.rows.length - 50} more\n`)
      return 2
    }
    throw e
  }
}
