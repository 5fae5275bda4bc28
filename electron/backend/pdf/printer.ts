/**
 * pdfmake printer with the CJK font shipped inside the app (font-files.ts says where the fonts
 * are found).
 *
 * Warm printer: fonts are resolved and registered once per process, and the process keeps
 * pdfmake, pdfkit, fontkit and echarts loaded. pdfkit itself re-reads and re-parses the font
 * for every document (it has no cross-document font cache; the OS file cache makes the read
 * cheap), so keep one process alive (the Electron main/utility process) for speed.
 * URL access is denied and local access is limited to the two font files, which also
 * silences pdfmake's per-document policy warnings.
 */
import pdfmake from 'pdfmake'
import type { TDocumentDefinitions } from 'pdfmake/interfaces'
import { TABLE_LAYOUTS } from './doc-definition'
import { resolveFontFiles, type FontFiles } from './font-files'

export const FONT_FAMILY = 'NotoSansSC'

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
