/**
 * Where the report fonts are: the CJK font shipped inside the app (design.md §7: no network, no
 * system fonts). Fonts: Noto Sans SC Regular (400) and Bold (700), full TTFs (OFL).
 *
 * Where the font files are found, first hit wins:
 *   1. `fontDir` option, 2. env `DL_ASSESSOR_FONT_DIR`, 3. `<resourcesPath>/fonts`: the packaged
 *      app (electron-builder extraResources; `process.resourcesPath` in Electron's processes —
 *      the desktop main passes it to the backend process, see backend/process/serve.ts),
 *   4. the repository: node_modules/@expo-google-fonts/noto-sans-sc (development, tests, CLI;
 *      the package does not ship it in node_modules).
 * In a directory the files may be named NotoSansSC-Regular.ttf / NotoSansSC-Bold.ttf or as
 * in the npm package (NotoSansSC_400Regular.ttf / NotoSansSC_700Bold.ttf).
 *
 * Apart from printer.ts so that the backend's start (serve.ts sets the resources directory)
 * does not load pdfmake: that import alone took 142 ms of a 0.8 s backend start (measured
 * 2026-12-07); the printer is loaded with the first report.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'

export interface FontFiles {
  regular: string
  bold: string
  source: 'option' | 'env' | 'resources' | 'node_modules'
}

const NAMES = {
  regular: [
    'NotoSansSC-Regular.ttf',
    'NotoSansSC_400Regular.ttf',
    '400Regular/NotoSansSC_400Regular.ttf',
  ],
  bold: ['NotoSansSC-Bold.ttf', 'NotoSansSC_700Bold.ttf', '700Bold/NotoSansSC_700Bold.ttf'],
}

function findIn(dir: string): { regular: string; bold: string } | null {
  const pick = (names: string[]): string | undefined =>
    names.map((n) => join(dir, n)).find((p) => existsSync(p))
  const regular = pick(NAMES.regular)
  const bold = pick(NAMES.bold)
  return regular && bold ? { regular, bold } : null
}

/** Electron's resources directory (set in its main and utility processes), else undefined. */
let resourcesDir: string | undefined = (process as { resourcesPath?: string }).resourcesPath

/** The shell says where the packaged resources are (the desktop backend process). */
export function setResourcesDir(dir: string | undefined): void {
  resourcesDir = dir
}

export function resolveFontFiles(
  opts: {
    fontDir?: string
    env?: Record<string, string | undefined>
    /** default: the resources directory of the packaged app, when there is one */
    resourcesPath?: string
  } = {},
): FontFiles {
  const env = opts.env ?? process.env
  const tried: string[] = []
  const res = 'resourcesPath' in opts ? opts.resourcesPath : resourcesDir
  const candidates: [string | undefined, FontFiles['source']][] = [
    [opts.fontDir, 'option'],
    [env.DL_ASSESSOR_FONT_DIR, 'env'],
    [res ? join(res, 'fonts') : undefined, 'resources'],
  ]
  for (const [dir, source] of candidates) {
    if (!dir) continue
    tried.push(dir)
    const hit = findIn(resolve(dir))
    if (hit) return { ...hit, source }
  }
  try {
    const require = createRequire(import.meta.url)
    const dir = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'))
    tried.push(dir)
    const hit = findIn(dir)
    if (hit) return { ...hit, source: 'node_modules' }
  } catch {
    // not installed: fall through to the error
  }
  throw new Error(
    `CJK font (Noto Sans SC Regular + Bold TTF) not found; looked in: ${tried.join(', ') || '(nothing)'}`,
  )
}
