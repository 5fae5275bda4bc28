import { createHash, randomBytes } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppException } from '../../../shared/contract/errors'
import { enterpriseInput, tempBackend, tempDir } from '../test-helpers'
import { EVIDENCE_MAGIC, EvidenceStore, encryptEvidence, looksEncrypted } from './evidence-store'
import { sniffMime } from './sniff'

const open: Array<{ cleanup: () => Promise<void> | void }> = []
afterEach(async () => {
  while (open.length) await open.pop()?.cleanup()
})

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5dd1b4d0000000049454e44ae426082',
  'hex',
)

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
}

describe('sniffMime', () => {
  it('recognises types by magic bytes, not by name', () => {
    expect(sniffMime(PNG)).toBe('image/png')
    expect(sniffMime(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg')
    expect(sniffMime(Buffer.from('GIF89a\x01\x00', 'latin1'))).toBe('image/gif')
    expect(sniffMime(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp')
    expect(sniffMime(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf')
    const zipHead = Buffer.from([0x50, 0x4b, 0x03, 0x04])
    expect(
      sniffMime(Buffer.concat([zipHead, Buffer.from('..[Content_Types].xml..xl/workbook.xml')])),
    ).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(
      sniffMime(Buffer.concat([zipHead, Buffer.from('..[Content_Types].xml..word/document.xml')])),
    ).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(sniffMime(Buffer.concat([zipHead, Buffer.from('plain zip')]))).toBe(
      'application/octet-stream',
    )
    expect(sniffMime(Buffer.from('hello'))).toBe('application/octet-stream')
    expect(sniffMime(new Uint8Array())).toBe('application/octet-stream')
  })
})

describe('EvidenceStore', () => {
  it('stores by sha256 under evidence/<aa>/<sha>; same bytes twice = one file; no temp files left', async () => {
    const t = tempDir()
    open.push(t)
    const store = new EvidenceStore(t.dir)
    const a = await store.put(PNG)
    const sha = createHash('sha256').update(PNG).digest('hex')
    expect(a).toEqual({ sha256: sha, size: PNG.length, existed: false })
    const p = join(t.dir, 'evidence', sha.slice(0, 2), sha)
    expect(readFileSync(p)).toEqual(PNG)
    expect(await store.put(PNG)).toEqual({ sha256: sha, size: PNG.length, existed: true })
    expect(listFiles(join(t.dir, 'evidence'))).toEqual([p])
    expect(await store.read(sha)).toEqual(PNG)
    expect(() => store.pathFor('../../etc/passwd')).toThrow()
  })

  it('encryptPlainFiles encrypts plain files once; an encrypted file is left as it is (same inode, mtime, bytes)', async () => {
    const t = tempDir()
    open.push(t)
    const key = randomBytes(32)
    const plain = Buffer.from('现场照片 '.repeat(50))
    const sha = (await new EvidenceStore(t.dir).put(plain)).sha256
    const already = Buffer.from('已加密的证据 '.repeat(30))
    const encStore = new EvidenceStore(t.dir, key)
    const shaEnc = (await encStore.put(already)).sha256
    const pEnc = encStore.pathFor(shaEnc)
    const before = statSync(pEnc)
    const bytesBefore = readFileSync(pEnc)
    await new Promise((r) => setTimeout(r, 20)) // a rewrite would get a later mtime

    expect(await encStore.encryptPlainFiles()).toBe(1)
    const p = encStore.pathFor(sha)
    expect(readFileSync(p).subarray(0, 4).equals(EVIDENCE_MAGIC)).toBe(true)
    expect(await encStore.read(sha)).toEqual(plain)
    const after = statSync(pEnc)
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs])
    expect(readFileSync(pEnc)).toEqual(bytesBefore)

    // second start: nothing left to do, the migrated file is not rewritten either
    const migrated = statSync(p)
    expect(await encStore.encryptPlainFiles()).toBe(0)
    expect([statSync(p).ino, statSync(p).mtimeMs]).toEqual([migrated.ino, migrated.mtimeMs])
    expect(await encStore.read(shaEnc)).toEqual(already)
  })

  it('encryptPlainFiles judges an encrypted file from its header alone: a 3 GiB one is never read whole', async () => {
    const t = tempDir()
    open.push(t)
    const key = randomBytes(32)
    const store = new EvidenceStore(t.dir, key)
    // an encrypted header followed by a sparse 3 GiB tail (no disk used): reading it whole would
    // fail (larger than a Buffer may be), so finishing proves only the header was looked at
    const sha = 'ab'.repeat(32)
    const path = store.pathFor(sha)
    mkdirSync(join(t.dir, 'evidence', 'ab'), { recursive: true })
    writeFileSync(path, encryptEvidence(key, sha, Buffer.from('x')))
    truncateSync(path, 3 * 2 ** 30)
    expect(await looksEncrypted(path)).toBe(true)
    expect(await store.encryptPlainFiles()).toBe(0)
    expect(statSync(path).size).toBe(3 * 2 ** 30)
  })

  it('looksEncrypted: magic and room for nonce + tag; plain and short files are not', async () => {
    const t = tempDir()
    open.push(t)
    const f = (name: string, b: Uint8Array) => {
      const p = join(t.dir, name)
      writeFileSync(p, b)
      return p
    }
    expect(
      await looksEncrypted(f('enc', encryptEvidence(randomBytes(32), 'ab'.repeat(32), PNG))),
    ).toBe(true)
    expect(await looksEncrypted(f('png', PNG))).toBe(false)
    expect(await looksEncrypted(f('short', Buffer.from('DLE1 too short')))).toBe(false)
    expect(await looksEncrypted(f('empty', new Uint8Array()))).toBe(false)
  })
})

describe('evidence service', () => {
  async function setup(opts = {}) {
    const b = await tempBackend(opts)
    open.push(b)
    const e = await b.services['enterprises.create']({
      ...enterpriseInput(1),
      subIndustry: '',
      zjtx: 'none',
      batch: null,
      contact: '',
      phone: '',
      address: '',
    })
    const d = await b.services['assessments.create']({
      enterpriseId: e.id,
      kind: 'diagnosis',
      assessorName: '王',
      assessorAgency: '',
      assessedOn: null,
    })
    return { b, id: d.assessment.id }
  }

  it('add, list, content (bytes + sniffed mime), remove; same file twice = one stored file', async () => {
    const { b, id } = await setup()
    const s = b.services
    const add = (itemId: string, fileName: string, bytes: Buffer) =>
      s['evidence.add']({
        assessmentId: id,
        itemId,
        fileName,
        contentBase64: bytes.toString('base64'),
      })
    const e1 = await add('Q01', '车间照片.jpg', PNG) // named .jpg, really a PNG
    expect(e1).toMatchObject({
      itemId: 'Q01',
      mimeType: 'image/png',
      originalName: '车间照片.jpg',
      size: PNG.length,
    })
    const e2 = await add('SC06', 'again.png', PNG)
    expect(e2.sha256).toBe(e1.sha256)
    await add('survey', '纪要.txt', Buffer.from('现场调研纪要'))
    expect(listFiles(join(b.dataDir, 'evidence')).length).toBe(2)
    expect((await s['evidence.list']({ assessmentId: id })).items.length).toBe(3)
    expect(
      (await s['evidence.list']({ assessmentId: id, itemId: 'Q01' })).items.map((x) => x.id),
    ).toEqual([e1.id])
    const c = await s['evidence.content']({ id: e1.id })
    expect(Buffer.from(c.contentBase64, 'base64')).toEqual(PNG)
    expect(c.mimeType).toBe('image/png')
    await s['evidence.remove']({ id: e1.id })
    expect((await s['evidence.list']({ assessmentId: id })).items.length).toBe(2)
    await expect(s['evidence.remove']({ id: e1.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    // file kept: e2 still needs it
    expect(
      Buffer.from((await s['evidence.content']({ id: e2.id })).contentBase64, 'base64'),
    ).toEqual(PNG)
    const audit = await s['audit.list']({ entity: 'assessment', entityId: id, limit: 50 })
    expect(audit.items.filter((a) => a.action.startsWith('evidence.')).length).toBe(4)
  })

  it('size limit: error names the limit, nothing stored', async () => {
    const { b, id } = await setup({ evidenceMaxBytes: 1024 })
    const err = await b.services['evidence.add']({
      assessmentId: id,
      itemId: 'Q02',
      fileName: 'big.pdf',
      contentBase64: Buffer.alloc(1025, 1).toString('base64'),
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppException)
    expect(err).toMatchObject({ code: 'TOO_LARGE', field: 'contentBase64' })
    expect((err as Error).message).toContain('1 KiB')
    expect((err as Error).message).toContain('big.pdf')
    expect(listFiles(join(b.dataDir, 'evidence'))).toEqual([])
    // exactly at the limit is fine
    await b.services['evidence.add']({
      assessmentId: id,
      itemId: 'Q02',
      fileName: 'ok.bin',
      contentBase64: Buffer.alloc(1024, 1).toString('base64'),
    })
  })

  it('default limit is 20 MiB and the message says so', async () => {
    const { b, id } = await setup()
    const big = Buffer.alloc(20 * 1024 * 1024 + 1).toString('base64')
    await expect(
      b.services['evidence.add']({
        assessmentId: id,
        itemId: 'Q02',
        fileName: 'huge.pdf',
        contentBase64: big,
      }),
    ).rejects.toThrow(/20 MiB/)
  })

  it('traversal names like ../../x stay harmless: stored by hash, name kept for display only', async () => {
    const { b, id } = await setup()
    const names = ['../../x', '..\\..\\evil.exe', '/etc/passwd', 'a\u0000b.png']
    for (const fileName of names) {
      const e = await b.services['evidence.add']({
        assessmentId: id,
        itemId: 'Q03',
        fileName,
        contentBase64: Buffer.from(fileName).toString('base64'),
      })
      // eslint-disable-next-line no-control-regex
      expect(e.originalName).not.toMatch(/[\\/\u0000]/)
    }
    const files = listFiles(b.dataDir).map((f) => f.slice(b.dataDir.length + 1))
    for (const f of files)
      expect(f).toMatch(
        /^(assessor\.sqlite(-wal|-shm)?|dl-assessor\.lock|evidence\/[0-9a-f]{2}\/[0-9a-f]{64})$/,
      )
    expect(existsSync(join(b.dataDir, '..', 'x'))).toBe(false)
    expect(statSync(join(b.dataDir, 'evidence')).isDirectory()).toBe(true)
  })

  it('unknown item and non-draft are refused before any file is written', async () => {
    const { b, id } = await setup()
    await expect(
      b.services['evidence.add']({
        assessmentId: id,
        itemId: 'Q77',
        fileName: 'a',
        contentBase64: 'YQ==',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION', field: 'itemId' })
    await expect(
      b.services['evidence.add']({
        assessmentId: 'nope',
        itemId: 'Q01',
        fileName: 'a',
        contentBase64: 'YQ==',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'assessmentId' })
    expect(listFiles(join(b.dataDir, 'evidence'))).toEqual([])
  })
})
