/**
 * Private storage (issue 12 §5): after a working session that writes every kind of file — the
 * key header, the database, evidence, the signing key (created, moved to the OS key store and
 * back: every rewrite), the sync config, a stored bundle, backups — the data directory is 0700
 * and every file in it 0600. A directory from before this rule is narrowed at start.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../create-backend'
import { dispatch } from '../dispatch'
import { readManifest } from '../bundle/build'
import type { PublicKeyInfo } from '../../../shared/domain/bundle/types'
import { writeSyncConfig } from '../sync/sync-config'
import { BundleStore } from '../sync/bundle-store'
import { enterpriseInput, fullAnswers, SCENE_IDS, tempDir, testSealer } from '../test-helpers'
import { passphraseKeyProvider } from './key-provider'

const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A real public key record (the bundle signer's) to pin in sync.json. */
function keyOf(bundle: Buffer): PublicKeyInfo {
  return readManifest(bundle).assessorKey
}

function modes(root: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    out[relative(root, d) || '.'] = (lstatSync(d).mode & 0o777).toString(8)
    for (const n of readdirSync(d)) {
      const p = join(d, n)
      if (lstatSync(p).isDirectory()) walk(p)
      else out[relative(root, p)] = (lstatSync(p).mode & 0o777).toString(8)
    }
  }
  walk(root)
  return out
}

async function ok<T = Record<string, unknown>>(b: Backend, method: string, input: unknown) {
  const w = await dispatch(b, method, input)
  if (!w.ok) throw new Error(`${method}: ${w.error.code} ${w.error.message}`)
  return w.value as T
}

describe.skipIf(process.platform === 'win32')('private data directory', () => {
  it('every file is 0600 and every directory 0700 after a session that writes each kind', async () => {
    const t = tempDir('dl-private-')
    cleanups.push(t.cleanup)
    const dataDir = join(t.dir, 'data')
    const b = await createBackend({
      dataDir,
      key: passphraseKeyProvider({ passphrase: 'private-pass', scrypt: { N: 1024, r: 8, p: 1 } }),
      keySealer: testSealer(),
      autoBackup: { keep: 2 },
    })
    cleanups.push(() => b.close())
    const e = await ok<{ id: string }>(b, 'enterprises.create', enterpriseInput(7))
    const a = await ok<{ assessment: { id: string } }>(b, 'assessments.create', {
      enterpriseId: e.id,
      kind: 'diagnosis',
      assessorName: '张三',
      assessedOn: '2026-11-27',
    })
    const id = a.assessment.id
    await ok(b, 'evidence.add', {
      assessmentId: id,
      itemId: 'Q01',
      fileName: '照片.png',
      contentBase64: Buffer.from('\x89PNG\r\n\x1a\n-evidence').toString('base64'),
    })
    for (const [q, sel] of Object.entries(fullAnswers()))
      await ok(b, 'assessments.setAnswer', { assessmentId: id, questionId: q, selected: sel })
    for (const sc of SCENE_IDS)
      await ok(b, 'assessments.setScene', { assessmentId: id, sceneId: sc, level: 2 })
    await ok(b, 'assessments.complete', { id })
    await ok(b, 'keys.create', { passphrase: 'signing pass 1' })
    await ok(b, 'keys.changeProtection', { to: 'os-keystore', currentPassphrase: 'signing pass 1' })
    await ok(b, 'keys.changeProtection', { to: 'passphrase', newPassphrase: 'signing pass 2' })
    await ok(b, 'keys.unlock', { passphrase: 'signing pass 2' })
    const bundle = await ok<{ bundleId: string }>(b, 'bundles.create', {
      assessmentId: id,
      enqueue: false,
    })
    const bytes = Buffer.from(
      (await ok<{ contentBase64: string }>(b, 'bundles.export', { bundleId: bundle.bundleId }))
        .contentBase64,
      'base64',
    )
    new BundleStore(join(dataDir, 'usb-import')).put(bytes)
    writeSyncConfig(dataDir, { serverUrl: 'http://127.0.0.1:9/', serverKey: keyOf(bytes) })
    await ok(b, 'backup.create', {})
    await b.idle()

    const m = modes(dataDir)
    const kinds = Object.keys(m)
    // the session really wrote each kind of file
    for (const want of [
      /^assessor\.sqlite$/,
      /^assessor\.key\.json$/,
      /^evidence\/.+/,
      /^keys\/.+\.json$/,
      /^sync\.json$/,
      /^backups\/.+\.dlbackup$/,
      /^usb-import\/.+\.dlbundle$/,
    ])
      expect(
        kinds.some((k) => want.test(k)),
        String(want),
      ).toBe(true)
    const wrong = Object.entries(m).filter(([p, mode]) => {
      const isDir = lstatSync(join(dataDir, p)).isDirectory()
      return mode !== (isDir ? '700' : '600')
    })
    expect(wrong).toEqual([])
  })

  it('a data directory from before is narrowed at start, files and subdirectories included', async () => {
    const t = tempDir('dl-private-old-')
    cleanups.push(t.cleanup)
    const dataDir = join(t.dir, 'data')
    mkdirSync(join(dataDir, 'evidence', 'ab'), { recursive: true, mode: 0o755 })
    chmodSync(dataDir, 0o755)
    writeFileSync(join(dataDir, 'evidence', 'ab', 'abcd'), 'x', { mode: 0o644 })
    writeFileSync(join(dataDir, 'sync.json'), '{}', { mode: 0o644 })
    const b = await createBackend({ dataDir, autoBackup: false })
    cleanups.push(() => b.close())
    const m = modes(dataDir)
    expect(m['.']).toBe('700')
    expect(m['evidence/ab']).toBe('700')
    expect(m['evidence/ab/abcd']).toBe('600')
    expect(m['sync.json']).toBe('600')
    expect(m['assessor.sqlite']).toBe('600')
  })
})
