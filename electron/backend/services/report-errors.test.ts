/**
 * Domain errors carry their field as data (issue 12 item 7): the request field of a report
 * builder's refusal comes from ReportInputError.field, never from the message text (before issue
 * 12 reportBuildError read it back out of the message with a regular expression).
 */
import { describe, expect, it } from 'vitest'
import { ReportInputError } from '../../../shared/domain/report/errors'
import { buildDiagnosisReport } from '../../../shared/domain/report'
import { reportBuildError } from './reports.service'

const FIELDS = {
  issuedOn: 'issuedOn',
  before: 'beforeAssessmentId',
  enterprise: 'enterprise.batch',
}

describe('reportBuildError', () => {
  it('maps the field carried as data, whatever the message says', () => {
    const e = reportBuildError(
      new ReportInputError('before.catalogue', '签发日期：与此无关的文字'),
      FIELDS,
      'assessmentId',
    )
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'beforeAssessmentId' })
    expect(e.message).toBe('签发日期：与此无关的文字')
  })

  it('a plain error is not mapped from its text', () => {
    const e = reportBuildError(new Error('issuedOn: looks like a path'), FIELDS, 'assessmentId')
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'assessmentId' })
  })

  it('the builders throw ReportInputError with the path', () => {
    let thrown: unknown
    try {
      // a diagnosis file asked for as a diagnosis, with a malformed 出具日期
      buildDiagnosisReport({
        file: { kind: 'diagnosis', assessedOn: '2026-11-20' },
        issuedOn: '27.11.2026',
        today: '2026-12-01',
      } as never)
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(ReportInputError)
    expect((thrown as ReportInputError).field).toBe('issuedOn')
    let kind: unknown
    try {
      buildDiagnosisReport({ file: { kind: 'acceptance' }, issuedOn: '2026-12-01' } as never)
    } catch (e) {
      kind = e
    }
    expect(kind).toBeInstanceOf(ReportInputError)
    expect((kind as ReportInputError).field).toBe('kind')
  })
})
