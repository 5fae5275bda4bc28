/**
 * Issue 12 item 1, CLI half: every command of `npm run assess` answers hostile input — unknown
 * flags, missing values, flags given twice, NUL bytes, control/bidi characters, bad numbers and
 * dates, and wherever a file is expected a missing file, a directory, a FIFO (which would block a
 * read for ever), an empty, binary, truncated or oversized file — with exit 2 and one line on
 * stderr that names the flag or file, never a stack trace, never exit 1 (an internal error), and
 * with every unsafe character of the input escaped. Runs in-process through `runCli` (the same
 * function the real entry calls); one real process checks the wiring, DL_DEBUG and a stray
 * error outside a command.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasUnsafeDisplayChars } from '../../../shared/domain/text/display'
import { parseKeyFile, rewrapKeyFile } from '../crypto/keys'
import { TEST_KEY_SCRYPT, tempDir } from '../test-helpers'
import { MAX_JSON_BYTES } from './cli-files'
import { runCli } from './run-cli'
import { cliBundle } from './test-cli'

const ROOT = join(import.meta.dirname, '..', '..', '..')
const EXAMPLE = join(ROOT, 'examples', 'diagnosis-level1-qixian-shipin.json')
const ACCEPTANCE = join(ROOT, 'examples', 'acceptance-level3-shancheng-xincailiao.json')
const PASS = 'hostile input passphrase'
const ENV = { P: PASS, W: 'not the passphrase' }

interface Run {
  code: number
  out: string
  err: string
}

async function run(args: string[], env: Record<string, string> = ENV): Promise<Run> {
  let out = ''
  let err = ''
  const code = await runCli(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env,
  })
  return { code, out, err }
}

/** What every run must hold, whatever its input: escaped output, no stack, no internal error. */
function expectSane(r: Run, what: string): void {
  expect(hasUnsafeDisplayChars(r.out.replace(/\n/g, '')), `${what}: stdout escaped`).toBe(false)
  expect(hasUnsafeDisplayChars(r.err.replace(/\n/g, '')), `${what}: stderr escaped`).toBe(false)
  expect(r.err, `${what}: no stack trace`).not.toMatch(/\n\s+at |\.ts:\d+:\d+/)
  expect(r.code, `${what}: not an internal error (${r.err.trim()})`).not.toBe(1)
}

/** Exit 2, one line `error: …` on stderr naming `names`, nothing on stdout. */
function expectUserError(r: Run, names: string | RegExp, what: string): void {
  expectSane(r, what)
  expect(r.code, `${what}: exit code (${r.err.trim()})`).toBe(2)
  const lines = r.err.replace(/\n$/, '').split('\n')
  expect(lines, `${what}: one line`).toHaveLength(1)
  expect(lines[0], what).toMatch(/^(error|refused|invalid): /)
  if (typeof names === 'string') expect(lines[0], what).toContain(names)
  else expect(lines[0], what).toMatch(names)
}

let t: ReturnType<typeof tempDir>
let keyFile = ''
let bundleFile = ''
let n = 0
const fresh = (ext: string) => join(t.dir, `out-${++n}${ext}`)

/** The hostile files: each kind where a file is expected. */
const bad: Record<string, string> = {}

beforeAll(async () => {
  t = tempDir('hostile-cli-')
  const keyDir = join(t.dir, 'key')
  expect((await run(['keys', 'create', '--out', keyDir, '--pass-env', 'P'])).code).toBe(0)
  keyFile = join(keyDir, 'assessor-key.json')
  // The same key, protected at the tests' scrypt cost (N=2^14): the cases below unlock it about
  // fifteen times, at 0.2 s each at the default N=2^15.
  const made = parseKeyFile(readFileSync(keyFile, 'utf8'))
  const cheap = rewrapKeyFile(made, PASS, { passphrase: PASS }, TEST_KEY_SCRYPT)
  writeFileSync(keyFile, JSON.stringify(cheap, null, 2) + '\n')
  bundleFile = join(t.dir, 'good.dlbundle')
  const b = await run(['bundle', EXAMPLE, '--key', keyFile, '--pass-env', 'P', '-o', bundleFile])
  expect(b.code, b.err).toBe(0)

  bad.missing = join(t.dir, 'no-such-file.json')
  bad.directory = join(t.dir, 'a-directory')
  mkdirSync(bad.directory)
  bad.fifo = join(t.dir, 'a-fifo')
  execFileSync('mkfifo', [bad.fifo])
  bad.empty = join(t.dir, 'empty')
  writeFileSync(bad.empty, '')
  // Binary bytes from a seeded generator (the same bytes every run).
  bad.binary = join(t.dir, 'binary')
  writeFileSync(
    bad.binary,
    Uint8Array.from(fc.sample(fc.integer({ min: 0, max: 255 }), { seed: 12, numRuns: 4096 })),
  )
  bad.truncatedJson = join(t.dir, 'truncated.json')
  const json = readFileSync(EXAMPLE)
  writeFileSync(bad.truncatedJson, json.subarray(0, json.length >> 1))
  bad.truncatedBundle = join(t.dir, 'truncated.dlbundle')
  const bundle = readFileSync(bundleFile)
  writeFileSync(bad.truncatedBundle, bundle.subarray(0, bundle.length >> 1))
  // Sparse: bigger than what the JSON and key readers take, without using the disk.
  bad.huge = join(t.dir, 'huge.json')
  writeFileSync(bad.huge, '')
  truncateSync(bad.huge, MAX_JSON_BYTES + 1)
  bad.nul = join(t.dir, 'nul\0byte.json')
  bad.control = join(t.dir, 'ctl-\x1b[31m-\u202e-\x07.json')
  bad.notUtf8 = join(t.dir, 'not-utf8-\udc80.json')
}, 120_000)
afterAll(() => t?.cleanup())

/** Where each command expects a file: args around FILE, the name the error must carry. */
const FILE_SLOTS: Array<{
  slot: string
  args: (f: string) => string[]
  names: (f: string) => string | RegExp
  skip?: string[]
}> = [
  { slot: 'score FILE', args: (f) => ['score', f], names: () => /file|JSON|not|:/ },
  {
    slot: 'score --rule-profile',
    args: (f) => ['score', EXAMPLE, '--rule-profile', f],
    names: () => '--rule-profile',
  },
  { slot: 'plan FILE', args: (f) => ['plan', f, '--target', '2'], names: () => /file|JSON|not|:/ },
  {
    slot: 'plan --measures',
    args: (f) => ['plan', EXAMPLE, '--target', '2', '--measures', f],
    names: () => '--measures',
  },
  {
    slot: 'plan --products',
    args: (f) => ['plan', EXAMPLE, '--target', '2', '--products', f],
    names: () => '--products',
  },
  { slot: 'verify FILE', args: (f) => ['verify', f], names: () => /./ },
  {
    slot: 'verify --pubkey',
    args: (f) => ['verify', bundleFile, '--pubkey', f],
    names: () => '--pubkey',
  },
  {
    slot: 'import FILE',
    args: (f) => ['import', f, '--into', join(t.dir, 'store')],
    names: () => /./,
  },
  {
    slot: 'keys export-public --key',
    args: (f) => ['keys', 'export-public', '--key', f],
    names: () => '--key',
  },
  {
    slot: 'bundle FILE',
    args: (f) => ['bundle', f, '--key', keyFile, '--pass-env', 'P', '-o', fresh('.dlbundle')],
    names: () => /./,
  },
  {
    slot: 'bundle --key',
    args: (f) => ['bundle', EXAMPLE, '--key', f, '--pass-env', 'P', '-o', fresh('.dlbundle')],
    names: () => '--key',
  },
  {
    slot: 'bundle --supersedes',
    args: (f) => [
      'bundle',
      EXAMPLE,
      '--key',
      keyFile,
      '--pass-env',
      'P',
      '-o',
      fresh('.dlbundle'),
      '--supersedes',
      f,
      '--reason',
      '更正',
    ],
    names: () => '--supersedes',
  },
  { slot: 'report FILE', args: (f) => ['report', f, '-o', fresh('.pdf')], names: () => /./ },
  {
    slot: 'report --before',
    args: (f) => ['report', ACCEPTANCE, '-o', fresh('.pdf'), '--before', f, '--investment', '100'],
    names: () => '--before',
  },
  {
    slot: 'report --p12',
    args: (f) => ['report', EXAMPLE, '-o', fresh('.pdf'), '--p12', f, '--pass-env', 'P'],
    names: () => '--p12',
  },
  { slot: 'verify-report FILE', args: (f) => ['verify-report', f], names: () => /./ },
  {
    slot: 'backup restore FILE',
    args: (f) => ['backup', 'restore', f, '--data-dir', fresh('-data')],
    names: () => /./,
  },
  {
    slot: 'sync --key',
    args: (f) => ['sync', '--server', 'http://127.0.0.1:9', '--key', f, '--pass-env', 'P'],
    names: () => '--key',
  },
  {
    slot: 'sync --server-key',
    args: (f) => [
      'sync',
      '--server',
      'http://127.0.0.1:9',
      '--key',
      keyFile,
      '--pass-env',
      'P',
      '--data',
      fresh('-sync'),
      '--server-key',
      f,
    ],
    names: () => '--server-key',
  },
]

describe('assess CLI: hostile files where a file is expected', () => {
  for (const s of FILE_SLOTS)
    it(`${s.slot}: missing, directory, FIFO, empty, binary, truncated, huge, NUL, control characters`, async () => {
      for (const [kind, f] of Object.entries(bad)) {
        if (s.skip?.includes(kind)) continue
        const r = await run(s.args(f))
        expectUserError(r, s.names(f), `${s.slot} ${kind}`)
      }
    }, 120_000)
})

/** Flags: unknown, without a value, twice, out of range, malformed; outputs that cannot be written. */
const FLAG_CASES: Array<[string, () => string[], string | RegExp]> = [
  ['unknown command', () => ['frobnicate'], "unknown command 'frobnicate'"],
  [
    'unknown command with escapes',
    () => ['\x1b[2J\u202e'],
    /unknown command '\\u\{001b\}\[2J\\u\{202e\}'/,
  ],
  [
    'NUL in an argument',
    () => ['score', EXAMPLE, '--rule-profile', 'a\0b'],
    '--rule-profile: contains a NUL byte',
  ],
  ['score: unknown flag', () => ['score', EXAMPLE, '--bogus'], "'--bogus'"],
  [
    'score: --rule-profile without a value',
    () => ['score', EXAMPLE, '--rule-profile'],
    '--rule-profile',
  ],
  [
    'score: --server-key without --rule-profile',
    () => ['score', EXAMPLE, '--server-key', keyFile],
    '--server-key',
  ],
  [
    'plan: --target 9',
    () => ['plan', EXAMPLE, '--target', '9'],
    "--target: must be 1, 2, 3 or 4, got '9'",
  ],
  ['plan: --target abc', () => ['plan', EXAMPLE, '--target', 'abc'], '--target'],
  ['plan: --target empty', () => ['plan', EXAMPLE, '--target', ''], '--target'],
  [
    'plan: --target twice',
    () => ['plan', EXAMPLE, '--target', '2', '--target', '3'],
    '--target: given more than once',
  ],
  ['plan: --target missing value', () => ['plan', EXAMPLE, '--target'], '--target: needs a value'],
  ['plan: no --target', () => ['plan', EXAMPLE], '--target: required'],
  [
    'plan: --exclude unknown item',
    () => ['plan', EXAMPLE, '--target', '2', '--exclude', 'Q99,\u202eX'],
    '--exclude',
  ],
  ['plan: unknown flag', () => ['plan', EXAMPLE, '--target', '2', '--tagret', '3'], '--tagret'],
  ['verify: two files', () => ['verify', bundleFile, bundleFile], 'unexpected argument'],
  [
    'verify: --json twice and --pubkey twice',
    () => ['verify', bundleFile, '--pubkey', keyFile, '--pubkey', keyFile],
    '--pubkey: given more than once',
  ],
  ['import: no --into', () => ['import', bundleFile], '--into: required'],
  ['import: --into is a file', () => ['import', bundleFile, '--into', EXAMPLE], '--into'],
  ['keys: unknown subcommand', () => ['keys', 'destroy'], "unknown subcommand 'destroy'"],
  [
    'keys create: --alg rsa',
    () => ['keys', 'create', '--out', fresh('-k'), '--alg', 'rsa', '--pass-env', 'P'],
    /rsa|alg/,
  ],
  [
    'keys create: --pass-env unset',
    () => ['keys', 'create', '--out', fresh('-k'), '--pass-env', 'NOPE'],
    '--pass-env',
  ],
  [
    'keys create: --out is a file',
    () => ['keys', 'create', '--out', EXAMPLE, '--pass-env', 'P'],
    '--out',
  ],
  [
    'keys create: --out twice',
    () => ['keys', 'create', '--out', fresh('-k'), '--out', fresh('-k'), '--pass-env', 'P'],
    '--out: given more than once',
  ],
  [
    'keys export-public: --out is a directory',
    () => ['keys', 'export-public', '--key', keyFile, '--out', t.dir],
    '--out',
  ],
  [
    'bundle: -o exists',
    () => ['bundle', EXAMPLE, '--key', keyFile, '--pass-env', 'P', '-o', bundleFile],
    '-o',
  ],
  [
    'bundle: -o in a missing directory',
    () => [
      'bundle',
      EXAMPLE,
      '--key',
      keyFile,
      '--pass-env',
      'P',
      '-o',
      join(t.dir, 'nope', 'x.dlbundle'),
    ],
    '-o',
  ],
  [
    'bundle: -o is a directory',
    () => ['bundle', EXAMPLE, '--key', keyFile, '--pass-env', 'P', '-o', bad.directory!],
    '-o',
  ],
  [
    'bundle: wrong passphrase',
    () => ['bundle', EXAMPLE, '--key', keyFile, '--pass-env', 'W', '-o', fresh('.dlbundle')],
    /passphrase|口令|decrypt|key/i,
  ],
  [
    'bundle: --reason without --supersedes',
    () => [
      'bundle',
      EXAMPLE,
      '--key',
      keyFile,
      '--pass-env',
      'P',
      '-o',
      fresh('.dlbundle'),
      '--reason',
      'x',
    ],
    '--reason',
  ],
  [
    'bundle: --evidence FIFO',
    () => [
      'bundle',
      EXAMPLE,
      '--key',
      keyFile,
      '--pass-env',
      'P',
      '-o',
      fresh('.dlbundle'),
      '--evidence',
      bad.fifo!,
    ],
    '--evidence',
  ],
  [
    'bundle: --evidence missing',
    () => [
      'bundle',
      EXAMPLE,
      '--key',
      keyFile,
      '--pass-env',
      'P',
      '-o',
      fresh('.dlbundle'),
      '--evidence',
      bad.control!,
    ],
    '--evidence',
  ],
  [
    'bundle: --record-id with control characters',
    () => [
      'bundle',
      EXAMPLE,
      '--key',
      keyFile,
      '--pass-env',
      'P',
      '-o',
      fresh('.dlbundle'),
      '--record-id',
      'r\x1b[1m\u202e',
    ],
    '--record-id',
  ],
  [
    'bundle: --record-id too short',
    () => [
      'bundle',
      EXAMPLE,
      '--key',
      keyFile,
      '--pass-env',
      'P',
      '-o',
      fresh('.dlbundle'),
      '--record-id',
      'r1',
    ],
    '--record-id',
  ],
  [
    'report: --issued-on 2026-13-45',
    () => ['report', EXAMPLE, '-o', fresh('.pdf'), '--issued-on', '2026-13-45'],
    "--issued-on: must be a calendar date YYYY-MM-DD, got '2026-13-45'",
  ],
  [
    'report: --issued-on 2026-02-30',
    () => ['report', EXAMPLE, '-o', fresh('.pdf'), '--issued-on', '2026-02-30'],
    '--issued-on',
  ],
  [
    'report: --issued-on yesterday',
    () => ['report', EXAMPLE, '-o', fresh('.pdf'), '--issued-on', 'yesterday'],
    '--issued-on',
  ],
  [
    'report: --kind bogus',
    () => ['report', EXAMPLE, '-o', fresh('.pdf'), '--kind', 'bogus'],
    '--kind',
  ],
  [
    'report: --investment abc',
    () => ['report', ACCEPTANCE, '-o', fresh('.pdf'), '--before', EXAMPLE, '--investment', 'abc'],
    '--investment',
  ],
  [
    'report: --investment -5',
    () => ['report', ACCEPTANCE, '-o', fresh('.pdf'), '--before', EXAMPLE, '--investment', '-5'],
    '--investment',
  ],
  [
    'report: --investment 1e400',
    () => ['report', ACCEPTANCE, '-o', fresh('.pdf'), '--before', EXAMPLE, '--investment', '1e400'],
    '--investment',
  ],
  [
    'report: --investment 13 digits',
    () => [
      'report',
      ACCEPTANCE,
      '-o',
      fresh('.pdf'),
      '--before',
      EXAMPLE,
      '--investment',
      '1234567890123',
    ],
    '--investment',
  ],
  ['report: -o not .pdf', () => ['report', EXAMPLE, '-o', fresh('.txt')], '-o'],
  [
    'report: -o twice',
    () => ['report', EXAMPLE, '-o', fresh('.pdf'), '--out', fresh('.pdf')],
    '-o: given more than once',
  ],
  [
    'report: -o is a directory',
    () => ['report', EXAMPLE, '-o', join(t.dir, 'dir.pdf'), '--issued-on', '2026-01-02'],
    '-o',
  ],
  [
    'report: --number with control characters',
    () => ['report', EXAMPLE, '-o', fresh('.pdf'), '--number', 'N\x1b]0;x\x07'],
    '--number',
  ],
  [
    'report: --self-signed with bidi',
    () => ['report', EXAMPLE, '-o', fresh('.pdf'), '--self-signed', '张三\u202e/机构'],
    '--self-signed',
  ],
  [
    'report: --self-signed empty CN',
    () => ['report', EXAMPLE, '-o', fresh('.pdf'), '--self-signed', '/机构'],
    '--self-signed',
  ],
  [
    'report: --p12 and --self-signed',
    () => ['report', EXAMPLE, '-o', fresh('.pdf'), '--p12', keyFile, '--self-signed', 'a/b'],
    '--p12 and --self-signed',
  ],
  ['audit: no subcommand', () => ['audit'], 'missing subcommand'],
  [
    'audit verify: --data-dir without a database',
    () => ['audit', 'verify', '--data-dir', fresh('-data')],
    'no database',
  ],
  [
    'audit verify: --data-dir is a file',
    () => ['audit', 'verify', '--data-dir', EXAMPLE],
    'no database',
  ],
  [
    'audit verify: unknown flag',
    () => ['audit', 'verify', '--data-dir', t.dir, '--fast'],
    '--fast',
  ],
  ['backup: unknown subcommand', () => ['backup', 'delete'], "unknown subcommand 'delete'"],
  [
    'backup create: --data-dir without a database',
    () => ['backup', 'create', '--data-dir', fresh('-data')],
    '--data-dir',
  ],
  ['backup restore: two files', () => ['backup', 'restore', EXAMPLE, EXAMPLE], 'exactly one'],
  [
    'sync: --server not a URL',
    () => ['sync', '--server', 'ftp://\x1b[31mx', '--key', keyFile, '--pass-env', 'P'],
    '--server',
  ],
  ['sync: no --server', () => ['sync', '--key', keyFile, '--pass-env', 'P'], '--server: required'],
  [
    'sync: --data is a file',
    () => [
      'sync',
      '--server',
      'http://127.0.0.1:9',
      '--key',
      keyFile,
      '--pass-env',
      'P',
      '--data',
      EXAMPLE,
    ],
    '--data',
  ],
]

describe('assess CLI: hostile flags and values', () => {
  beforeAll(() => mkdirSync(join(t.dir, 'dir.pdf')))
  for (const [what, args, names] of FLAG_CASES)
    it(
      what,
      async () => {
        expectUserError(await run(args()), names, what)
      },
      60_000,
    )

  it('a damaged pinned server key in --data is named, not a JSON stack', async () => {
    const dir = fresh('-sync')
    mkdirSync(dir)
    writeFileSync(join(dir, 'server-key.json'), '{"keyId": "x", "publicKeyPem": 1')
    const r = await run([
      'sync',
      '--server',
      'http://127.0.0.1:9',
      '--key',
      keyFile,
      '--pass-env',
      'P',
      '--data',
      dir,
    ])
    expectUserError(r, '--data', 'pinned key')
  })
})

describe('assess CLI: seeded random command lines', () => {
  it('every command: never an internal error or a stack trace, output escaped, every run ends', async () => {
    // Relative paths a generated command line names land in a directory of this test.
    const cwd = join(t.dir, 'cwd')
    mkdirSync(cwd)
    const old = process.cwd()
    process.chdir(cwd)
    try {
      const commands = [
        ['score'],
        ['plan'],
        ['verify'],
        ['import'],
        ['keys', 'create'],
        ['keys', 'export-public'],
        ['bundle'],
        ['report'],
        ['audit', 'verify'],
        ['backup', 'create'],
        ['backup', 'restore'],
        ['sync'],
        ['no-such-command'],
      ]
      const flags = [
        ...['--json', '--rule-profile', '--server-key', '--target', '--exclude', '--measures'],
        ...['--products', '--pubkey', '--into', '--out', '-o', '--alg', '--pass-env', '--pem'],
        ...['--key', '--evidence', '--supersedes', '--reason', '--record-id', '--kind', '--before'],
        ...['--investment', '--issued-on', '--number', '--p12', '--self-signed', '--data-dir'],
        ...['--server', '--data', '--register', '-', '--', '--bogus', '-x', '--target=9'],
      ]
      const files = [EXAMPLE, ACCEPTANCE, bundleFile, keyFile, ...Object.values(bad)]
      const value = fc.oneof(
        fc.constantFrom(...files),
        fc.constantFrom(...['2', '9', 'abc', '', '2026-13-45', '2026-02-30', '1e400', '-5']),
        fc.constantFrom('http://127.0.0.1:9', 'P', 'W', 'NOPE', 'x.pdf', 'ed25519', 'sm2'),
        fc.string({ unit: 'binary', maxLength: 12 }),
        fc.string({
          unit: fc.constantFrom(
            '\0',
            '\x1b',
            '\u202e',
            '\n',
            '\r',
            'a',
            '/',
            '.',
            '-',
            '鹤',
            '\udc80',
          ),
          maxLength: 8,
        }),
      )
      let runs = 0
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...commands),
          fc.array(fc.oneof(fc.constantFrom(...flags), value), { maxLength: 8 }),
          async (cmd, rest) => {
            runs++
            const r = await run([...cmd, ...rest])
            const what = JSON.stringify([...cmd, ...rest])
            expectSane(r, what)
            expect([0, 2, 3], what).toContain(r.code)
            if (r.code === 2 && r.err.startsWith('error: '))
              expect(r.err.replace(/\n$/, '').split('\n'), what).toHaveLength(1)
          },
        ),
        { seed: 1212, numRuns: 400 },
      )
      expect(runs).toBe(400)
    } finally {
      process.chdir(old)
    }
  }, 600_000)
})

describe('assess CLI: internal errors', () => {
  it('an unexpected error is one line, exit 1; the stack only with DL_DEBUG=1', async () => {
    const failing = (env: Record<string, string>) => {
      let err = ''
      return runCli(['score', EXAMPLE], {
        // A broken stdout (e.g. a closed pipe): not the user's input, so an internal error.
        stdout: {
          write: () => {
            throw new Error('write EPIPE\n    at fake (stdout.ts:1:1)')
          },
        },
        stderr: { write: (s: string) => (err += s) },
        env,
      }).then((code) => ({ code, err }))
    }
    const plain = await failing({})
    expect(plain.code).toBe(1)
    expect(plain.err).toBe(
      'internal error: Error: write EPIPE\\u{000a}    at fake (stdout.ts:1:1)\n',
    )
    const debug = await failing({ DL_DEBUG: '1' })
    expect(debug.code).toBe(1)
    expect(debug.err.split('\n')[0]).toBe(plain.err.trimEnd())
    expect(debug.err).toMatch(/\n\s+at .*run-cli\.ts:\d+/)
  })

  it('real process: escaped one-line errors, and a stray error outside a command is one line, exit 1', async () => {
    // the built CLI (what `npm run assess` and the package bin run), Node flags before it
    const cli = await cliBundle()
    const node = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, args, {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, DL_DEBUG: '', ...env },
        timeout: 90_000,
      })
    const a = node([cli, 'score', bad.control!])
    expect(a.status).toBe(2)
    expect(a.stdout).toBe('')
    expect(a.stderr).toBe(
      `error: file not found: ${join(t.dir, 'ctl-\\u{001b}[31m-\\u{202e}-\\u{0007}.json')}\n`,
    )
    const stray = join(t.dir, 'stray.mjs')
    // Thrown from a timer once cli.ts has installed its handler (`onStray`).
    writeFileSync(
      stray,
      `const t = setInterval(() => {
        if (!process.listeners('uncaughtException').some((f) => f.name === 'onStray')) return
        clearInterval(t)
        throw new TypeError('stray\\nsecond line')
      }, 1)\n`,
    )
    const b = node(['--import', stray, cli, 'help'])
    expect(b.status).toBe(1)
    expect(b.stderr).toBe('internal error: TypeError: stray\\u{000a}second line\n')
  }, 120_000)
})
