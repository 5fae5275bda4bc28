import type { Selectable } from 'kysely'

/** The assessor profile of this device (migration 0010): at most one row, id = 1. */
export interface AssessorProfileTable {
  id: number
  name: string
  agency: string
  /** The default PDF signing certificate (.p12/.pfx bytes); its password is never stored. */
  certP12: Uint8Array | null
  certFileName: string | null
  certSubject: string | null
  certValidTo: string | null
  certSha256: string | null
  updatedAt: string
}
export type AssessorProfileRow = Selectable<AssessorProfileTable>
