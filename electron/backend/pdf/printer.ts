/**
 * pdfmake printer with the CJK font shipped inside the app (design.md §7: no network, no system
 * fonts). Fonts: Noto Sans SC Regular (400) and Bold (700), full TTFs (OFL).
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
 * Warm printer: fonts are resolved and registered once per process, and the process keeps
 * pdfmake, pdfkit, fontkit and echarts loaded. pdfkit itself re-reads and re-parses the font
 * for every document (it has no cross-document font cache; the OS file cache makes the read
 * cheap), so keep one process alive (the Electron main/utility process) for speed.
 * URL access is denied and local access is limited to the two font files, which also
 * silences pdfmake's per-document policy warnings.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import pdfmake from 'pdfmake'
import type { TDocumentDefinitions } from 'pdfmake/interfaces'
import { TABLE_LAYOUTS } from './doc-definition'

export const FONT_FAMILY = 'NotoSansSC'

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

let loaded: FontFiles | null = null

/** Points pdfmake at the fonts once per process (idempotent; a different dir re-points). */
export function initPrinter(opts: { fontDir?: string } = {}): FontFiles {
  const files = resolveFontFiles(opts)
  if (loaded && loaded.regular === files.regular && loaded.bold === files.bold) return loaded
  // Absolute paths, not pdfmake's virtual file system: the SVG renderer (svg-to-pdfkit) opens
  // fonts by the same name through pdfkit, which caches them per document by path, so body
  // text and chart labels share one embedded subset.
  pdfmake.setFonts({
    [FONT_FAMILY]: {
      normal: files.regular,
      bold: files.bold,
      italics: files.regular,
      bolditalics: files.bold,
    },
  })
  pdfmake.setTableLayouts(TABLE_LAYOUTS)
  pdfmake.setUrlAccessPolicy(() => false)
  const allowed = new Set([files.regular, files.bold])
  pdfmake.setLocalAccessPolicy((path: string) => allowed.has(path))
  loaded = files
  return files
}

/** Renders a document definition to PDF bytes. */
export async function renderPdf(
  dd: TDocumentDefinitions,
  opts: { fontDir?: string } = {},
): Promise<Buffer> {
  initPrinter(opts)
  const doc = pdfmake.createPdf({ ...dd, defaultStyle: { font: FONT_FAMILY, ...dd.defaultStyle } })
  return (await doc.getBuffer()) as Buffer
}
