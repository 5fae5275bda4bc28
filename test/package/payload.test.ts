/**
 * The slim package (issue 15 §3): `npm run package:dir` packs the desktop app without network
 * from a stand-in Electron directory (scripts/electron-standin.mjs), and what it carries is
 * checked here:
 *  - app.asar holds the three bundles (every JavaScript dependency inlined), pdfkit's data, the
 *    built renderer, package.json, and from node_modules only the native SQLite driver and the
 *    two tiny packages that load it; the native driver is unpacked;
 *  - no renderer package (react, antd, echarts' UI use …), server package (fastify, pg, the
 *    S3 SDK, central), type package (@types) or TypeScript source is in the asar or inlined in the
 *    main/backend/preload bundles (out/desktop-bundles.json lists what each inlined);
 *  - the renderer in it is React's production build, though this test (and so the build it
 *    starts) runs with vitest's NODE_ENV=test (scripts/vite-app.mjs);
 *  - two font weights in resources/fonts;
 *  - the payload (the resources directory) is at most 40 MB.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../electron/backend/test-helpers'
import { REPO } from '../support/node-script'
import { sharedRendererBuild } from '../support/renderer-build'

const MAX_PAYLOAD = 40 * 1024 * 1024
const NATIVE_ONLY = ['better-sqlite3-multiple-ciphers', 'bindings', 'file-uri-to-path']
/** Packages that must never reach the desktop package. */
const FORBIDDEN =
  /^(react|react-dom|antd|@ant-design\/.*|@rc-component\/.*|rc-.*|zustand|scheduler|fastify|@fastify\/.*|pg|pg-.*|@aws-sdk\/.*|@smithy\/.*|@types\/.*|typescript|vite|vitest|electron|electron-builder|playwright-core|better-sqlite3)$/

const t = tempDir('dl-package-')
afterAll(() => t.cleanup())

interface Payload {
  total: number
  sizes: Record<string, number>
  files: string[]
}
let payload: Payload
let resources: string
let fonts: string[]
let bundles: Record<string, { bytes: number; packages: string[] }>

beforeAll(async () => {
  const { makeElectronStandIn } = (await import(join(REPO, 'scripts', 'electron-standin.mjs'))) as {
    makeElectronStandIn: (d: string) => string
  }
  const dist = makeElectronStandIn(join(t.dir, 'electron'))
  const out = join(t.dir, 'release')
  // the renderer build the e2e run serves, when it is there already (built once per content)
  const renderer = await sharedRendererBuild()
  const r = spawnSync(
    process.execPath,
    ['scripts/package-dir.mjs', '--out', out, '--renderer', renderer],
    {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_DIST: dist },
    },
  )
  if (r.status !== 0) throw new Error(`package:dir failed:\n${r.stdout}\n${r.stderr}`)
  console.log(r.stdout.slice(r.stdout.indexOf('payload ')))
  const { payloadOf, resourcesDirIn } = (await import(
    join(REPO, 'scripts', 'package-dir.mjs')
  )) as {
    payloadOf: (res: string) => Payload
    resourcesDirIn: (out: string) => string | null
  }
  const res = resourcesDirIn(out)
  if (!res) throw new Error('no resources directory with app.asar')
  resources = res
  payload = payloadOf(res)
  fonts = readdirSync(join(res, 'fonts')).sort()
  bundles = JSON.parse(
    readFileSync(join(REPO, 'out', 'desktop-bundles.json'), 'utf8'),
  ) as typeof bundles
}, 600_000)

describe('the desktop package (npm run package:dir, stand-in Electron)', () => {
  it('carries the bundles, the renderer and only the native driver from node_modules', () => {
    const f = payload.files
    for (const must of [
      '/package.json',
      '/out/main/index.cjs',
      '/out/main/backend.cjs',
      '/out/main/data/sRGB_IEC61966_2_1.icc',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
      '/node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node',
    ])
      expect(f, must).toContain(must)
    const modules = new Set(
      f
        .map((p) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)?.[1])
        .filter((m): m is string => Boolean(m)),
    )
    expect([...modules].sort()).toEqual(NATIVE_ONLY)
    // only what loads the driver: no sources, no build intermediates, no SQLite amalgamation
    expect(
      f.filter((p) => /better-sqlite3-multiple-ciphers\/(src|deps|build\/Release\/obj)/.test(p)),
    ).toEqual([])
    expect(payload.sizes['app.asar.unpacked']).toBeGreaterThan(0)
  })

  it('has no renderer, server or type package, and no TypeScript source, in the asar', () => {
    const bad = payload.files.filter(
      (p) =>
        /^\/(electron|central|renderer|shared|test|scripts)\//.test(p) ||
        /\.(ts|tsx|map)$/.test(p) ||
        FORBIDDEN.test(/^\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)?.[1] ?? ''),
    )
    expect(bad).toEqual([])
  })

  it('inlines no renderer, server or type package into the main, backend or preload bundle', () => {
    expect(Object.keys(bundles).sort()).toEqual([
      'out/main/backend.cjs',
      'out/main/index.cjs',
      'out/preload/index.cjs',
    ])
    for (const [file, b] of Object.entries(bundles))
      expect(
        b.packages.filter((p) => FORBIDDEN.test(p)),
        file,
      ).toEqual([])
    // the backend really is self-contained: the report and spreadsheet libraries are inside
    expect(bundles['out/main/backend.cjs']!.packages).toEqual(
      expect.arrayContaining(['pdfmake', 'exceljs', 'echarts', 'kysely', 'zod']),
    )
  })

  it("carries React's production build in the renderer, whatever NODE_ENV the build inherited", () => {
    expect(process.env['NODE_ENV']).toBe('test') // what the packing build inherited
    const { extractFile } = createRequire(import.meta.url)('@electron/asar') as {
      extractFile: (asar: string, file: string) => Buffer
    }
    const scripts = payload.files.filter((p) => /^\/out\/renderer\/assets\/.+\.js$/.test(p))
    expect(scripts.length).toBeGreaterThan(0)
    const js = scripts
      .map((p) => extractFile(join(resources, 'app.asar'), p.slice(1)).toString('utf8'))
      .join('\n')
    expect(js).toContain('react.transitional.element') // React itself is in the bundle
    // markers only React's development build has: owner stacks and the jsxDEV runtime's warnings
    expect(js).not.toContain('react_stack_bottom_frame')
    expect(js).not.toContain('react-stack-top-frame')
  })

  it('ships two font weights and stays within 40 MB', () => {
    expect(fonts).toEqual(['NotoSansSC-Bold.ttf', 'NotoSansSC-Regular.ttf'])
    console.log(
      `payload ${(payload.total / 1e6).toFixed(1)} MB: ` +
        Object.entries(payload.sizes)
          .map(([k, v]) => `${k} ${(v / 1e6).toFixed(1)} MB`)
          .join(', '),
    )
    expect(payload.total).toBeLessThanOrEqual(MAX_PAYLOAD)
  })
})
