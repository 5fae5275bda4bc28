/** A file the console downloads. */
export interface ExportFile {
  fileName: string
  contentType: string
  bytes: Uint8Array
  /** Extra facts for the audit row (e.g. what an archive left out). */
  audit?: Record<string, unknown>
}
