/**
 * The durable-write helper under Windows conditions, run here through its seam
 * (createDurableFs(ops, platform, sleep)): a Windows model of the fs functions refuses fsync on
 * a handle opened read-only (EPERM, as FlushFileBuffers does) and refuses renames while
 * "antivirus" holds the file (EPERM/EBUSY/EACCES). Real files in temp directories.
 */
import * as fs from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../test-helpers'
import {
  createDurableFs,
  nodeFsOps,
  RETRY_BUDGET_MS,
  writeFileDurable,
  writeFileDurableSync,
  type DurableFsOps,
} from '../../../node/fs-durable'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})
function dir(): string {
  const t = tempDir('dl-durable-')
  cleanups.push(t.cleanup)
  return t.dir
}

interface Model {
  ops: DurableFsOps
  /** rename failures still to come, each with its code */
  failRenames: string[]
  calls: string[]
  sleeps: number[]
  sleep: { async(ms: number): Promise<void>; sync(ms: number): void }
}

/** node:fs with Windows rules: fsync needs a writable handle; queued rename failures. */
function windowsModel(): Model {
  const modes = new Map<number, string>()
  const m: Model = {
    failRenames: [],
    calls: [],
    sleeps: [],
    sleep: {
      async: async (ms) => void m.sleeps.push(ms),
      sync: (ms) => void m.sleeps.push(ms),
    },
    ops: {
      ...nodeFsOps,
      openSync(p, flags, mode) {
        m.calls.push(`openSync ${flags}`)
        if (fs.statSync(p, { throwIfNoEntry: false })?.isDirectory())
          throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' }) // Windows: no directory handles
        const fd = nodeFsOps.openSync(p, flags, mode)
        modes.set(fd, flags)
        return fd
      },
      fsyncSync(fd) {
        m.calls.push('fsyncSync')
        if (modes.get(fd) === 'r') throw Object.assign(new Error('EPERM: fsync'), { code: 'EPERM' })
        nodeFsOps.fsyncSync(fd)
      },
      async open(p, flags, mode) {
        m.calls.push(`open ${flags}`)
        const fh = await nodeFsOps.open(p, flags, mode)
        if (flags === 'r') {
          const sync = fh.sync.bind(fh)
          fh.sync = async () => {
            m.calls.push('sync on read-only handle')
            await sync()
            throw Object.assign(new Error('EPERM: fsync'), { code: 'EPERM' })
          }
        }
        return fh
      },
      renameSync(a, b) {
        m.calls.push('renameSync')
        const code = m.failRenames.shift()
        if (code) throw Object.assign(new Error(`${code}: rename`), { code })
        nodeFsOps.renameSync(a, b)
      },
      async rename(a, b) {
        m.calls.push('rename')
        const code = m.failRenames.shift()
        if (code) throw Object.assign(new Error(`${code}: rename`), { code })
        await nodeFsOps.rename(a, b)
      },
    },
  }
  return m
}

const leftovers = (d: string): string[] => fs.readdirSync(d).filter((n) => n.startsWith('.tmp-'))

describe('durable writes on Windows (injected platform and fs functions)', () => {
  it('fsyncs through the writable handle it wrote with, never a read-only one', async () => {
    const m = windowsModel()
    const d = dir()
    const w = createDurableFs(m.ops, 'win32', m.sleep)
    w.writeFileDurableSync(join(d, 'a.bin'), Buffer.from('hello'))
    await w.writeFileDurable(join(d, 'b.bin'), Buffer.from('world'))
    await w.fsyncFile(join(d, 'a.bin'))
    expect(fs.readFileSync(join(d, 'a.bin'), 'utf8')).toBe('hello')
    expect(fs.readFileSync(join(d, 'b.bin'), 'utf8')).toBe('world')
    expect(m.calls).not.toContain('openSync r')
    expect(m.calls).not.toContain('sync on read-only handle')
    expect(m.calls.filter((c) => c.startsWith('open'))).toEqual([
      'openSync wx',
      'open wx',
      'open r+',
    ])
  })

  it('the model is strict: a read-only handle is refused, as the old bundle store did it', () => {
    const m = windowsModel()
    const d = dir()
    fs.writeFileSync(join(d, 'x'), 'x')
    const fd = m.ops.openSync(join(d, 'x'), 'r')
    try {
      expect(() => m.ops.fsyncSync(fd)).toThrow(/EPERM/)
    } finally {
      m.ops.closeSync(fd)
    }
  })

  for (const code of ['EPERM', 'EBUSY', 'EACCES']) {
    it(`retries a rename refused with ${code} while another process holds the file (sync and async)`, async () => {
      const m = windowsModel()
      const d = dir()
      const w = createDurableFs(m.ops, 'win32', m.sleep)
      fs.writeFileSync(join(d, 'target'), 'old')
      m.failRenames.push(code, code, code)
      w.writeFileDurableSync(join(d, 'target'), Buffer.from('new'))
      expect(fs.readFileSync(join(d, 'target'), 'utf8')).toBe('new')
      expect(m.calls.filter((c) => c === 'renameSync')).toHaveLength(4)
      expect(m.sleeps).toEqual([10, 20, 40])

      m.failRenames.push(code, code)
      await w.writeFileDurable(join(d, 'target'), Buffer.from('newer'))
      expect(fs.readFileSync(join(d, 'target'), 'utf8')).toBe('newer')
      expect(leftovers(d)).toEqual([])

      fs.writeFileSync(join(d, 'moved-from'), 'm')
      m.failRenames.push(code)
      await w.renameDurable(join(d, 'moved-from'), join(d, 'moved-to'))
      m.failRenames.push(code)
      fs.writeFileSync(join(d, 'moved-from'), 'n')
      w.renameDurableSync(join(d, 'moved-from'), join(d, 'moved-to2'))
      expect(fs.readFileSync(join(d, 'moved-to'), 'utf8')).toBe('m')
      expect(fs.readFileSync(join(d, 'moved-to2'), 'utf8')).toBe('n')
    })
  }

  it('gives up after the retry budget: the original error surfaces, the target is untouched, no temp file is left', async () => {
    const m = windowsModel()
    const d = dir()
    const w = createDurableFs(m.ops, 'win32', m.sleep)
    fs.writeFileSync(join(d, 'target'), 'old')
    m.failRenames.push(...Array<string>(100).fill('EBUSY'))
    await expect(w.writeFileDurable(join(d, 'target'), Buffer.from('new'))).rejects.toMatchObject({
      code: 'EBUSY',
    })
    expect(m.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(RETRY_BUDGET_MS)
    expect(fs.readFileSync(join(d, 'target'), 'utf8')).toBe('old')
    expect(leftovers(d)).toEqual([])
    m.sleeps.length = 0
    expect(() => w.writeFileDurableSync(join(d, 'target'), Buffer.from('new'))).toThrow(/EBUSY/)
    expect(m.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(RETRY_BUDGET_MS)
    expect(leftovers(d)).toEqual([])
  })

  it('skips the directory fsync on Windows (directories cannot be opened there)', async () => {
    const m = windowsModel()
    const d = dir()
    const w = createDurableFs(m.ops, 'win32', m.sleep)
    await w.writeFileDurable(join(d, 'f'), Buffer.from('x'))
    w.writeFileDurableSync(join(d, 'g'), Buffer.from('y'))
    expect(m.calls.filter((c) => c === 'open r' || c === 'openSync r')).toEqual([])
  })

  it('elsewhere, EACCES/EPERM from rename are permission errors: no retry, and the directory is fsynced', async () => {
    const m = windowsModel()
    const d = dir()
    const w = createDurableFs({ ...m.ops, openSync: nodeFsOps.openSync }, 'linux', m.sleep)
    m.failRenames.push('EACCES')
    await expect(w.writeFileDurable(join(d, 'f'), Buffer.from('x'))).rejects.toMatchObject({
      code: 'EACCES',
    })
    expect(m.sleeps).toEqual([])
    m.calls.length = 0
    w.writeFileDurableSync(join(d, 'f'), Buffer.from('x'))
    expect(m.calls).toEqual(['fsyncSync', 'renameSync', 'fsyncSync']) // file, then directory
  })
})

describe('durable writes keep files private', () => {
  it('creates files 0600 and a rewrite of a wider file is 0600 again', async () => {
    const d = dir()
    const f = join(d, 'sub', 'config.json')
    await writeFileDurable(f, Buffer.from('{}'))
    expect(fs.statSync(f).mode & 0o777).toBe(0o600)
    expect(fs.statSync(join(d, 'sub')).mode & 0o777).toBe(0o700)
    fs.chmodSync(f, 0o644)
    writeFileDurableSync(f, Buffer.from('{"a":1}'))
    expect(fs.statSync(f).mode & 0o777).toBe(0o600)
  })

  it('exclusive: refuses to replace an existing file', async () => {
    const d = dir()
    const f = join(d, 'key.json')
    await writeFileDurable(f, Buffer.from('one'), { exclusive: true })
    await expect(
      writeFileDurable(f, Buffer.from('two'), { exclusive: true }),
    ).rejects.toMatchObject({ code: 'EEXIST' })
    expect(() => writeFileDurableSync(f, Buffer.from('two'), { exclusive: true })).toThrow(/EEXIST/)
    expect(fs.readFileSync(f, 'utf8')).toBe('one')
  })
})
