/**
 * A report input the builders refuse. `field` is the input path the problem is about (issuedOn,
 * investmentFen, enterprise.batch, before, sceneTargets.SC03, …), carried as data so callers map
 * it to a request field without reading it back out of the message (issue 12).
 */
export class ReportInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message)
    this.name = 'ReportInputError'
  }
}
