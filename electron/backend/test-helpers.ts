/** Test helpers for backend tests: real SQLite files in temp directories. */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MIIT_2024 } from '../../shared/domain/catalogue'
import { usccCheckChar } from '../../shared/domain/enterprise/uscc'
import type { Backend, BackendOptions } from './create-backend'
import { rawKeyProvider } from './storage/key-provider'

export function tempDir(prefix = 'dl-assessor-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/**
 * A backend on a fresh temp directory. Encrypted like production (random raw key, so no slow
 * scrypt) unless `key: 'unencrypted'` is passed; automatic backups off unless asked.
 */
export async function tempBackend(
  opts: Partial<BackendOptions> = {},
): Promise<Backend & { cleanup: () => Promise<void> }> {
  const { dir, cleanup } = tempDir()
  // loaded lazily: the db tests use this module without pulling in every service
  const { createBackend } = await import('./create-backend')
  const b = await createBackend({
    dataDir: dir,
    key: rawKeyProvider(randomBytes(32)),
    autoBackup: false,
    ...opts,
  })
  return Object.assign(b, {
    cleanup: async () => {
      await b.close()
      cleanup()
    },
  })
}

/** A valid 统一社会信用代码 (GB 32100 check character computed) from a number. */
export function makeUscc(n: number): string {
  const first17 = `914106${String(n).padStart(11, '0')}`
  return first17 + usccCheckChar(first17)
}

/** A valid answer for every question: the highest-scoring single option / all non-exclusive options. */
export function fullAnswers(): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const q of MIIT_2024.catalogue.questions) {
    if (q.type === 'single') {
      const best = [...q.options].sort((a, b) => b.score - a.score)[0]
      if (best) out[q.id] = best.key
    } else {
      out[q.id] = q.options.filter((o) => !o.exclusive).map((o) => o.key)
    }
  }
  return out
}

export const SCENE_IDS = MIIT_2024.catalogue.scenes.map((s) => s.id)
export const QUESTION_IDS = MIIT_2024.catalogue.questions.map((q) => q.id)

export function enterpriseInput(n: number, over: Record<string, unknown> = {}) {
  return {
    uscc: makeUscc(n),
    name: `鹤壁测试企业${n}有限公司`,
    county: '淇滨区',
    industry: 'electrical_electronics' as const,
    size: 'small' as const,
    ...over,
  }
}
