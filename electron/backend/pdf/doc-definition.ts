/**
 * ReportModel → pdfmake document definition. Pure data in, pure data out (the radar SVG is
 * passed in as a string; header/footer are the only functions, as pdfmake requires for page
 * numbers). One module per concern under doc/: theme (styles, layouts), chrome (header, footer,
 * draft watermark, document frame), metadata (PDF/A-3b, XMP, embedded files), cover,
 * signature-block, blocks, and the chapters of each report kind.
 */
import type { TDocumentDefinitions } from 'pdfmake/interfaces'
import type { ReportModel } from '../../../shared/domain/report/types'
import { acceptanceDocDefinition } from './doc/acceptance'
import { diagnosisDocDefinition } from './doc/diagnosis'
import { recheckDocDefinition } from './doc/recheck'
import type { DocAssets } from './doc/theme'

export { acceptanceDocDefinition, diagnosisDocDefinition, recheckDocDefinition }
export { COLORS, TABLE_LAYOUTS, type DocAssets } from './doc/theme'
export { keepHeadingsWithContent } from './doc/chrome'

export function reportDocDefinition(model: ReportModel, assets: DocAssets): TDocumentDefinitions {
  switch (model.kind) {
    case 'diagnosis':
      return diagnosisDocDefinition(model, assets)
    case 'acceptance':
      return acceptanceDocDefinition(model, assets)
    case 'recheck':
      return recheckDocDefinition(model, assets)
  }
}
