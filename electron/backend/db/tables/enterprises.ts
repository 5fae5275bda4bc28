import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

/** enterprises — column names camelCase here, snake_case in SQL (CamelCasePlugin). */
export interface EnterpriseTable {
  id: string
  /** 统一社会信用代码, check character verified before insert */
  uscc: string
  name: string
  county: string
  industry: 'electrical_electronics' | 'new_materials' | 'green_food'
  subIndustry: Generated<string>
  size: 'medium' | 'small' | 'micro'
  zjtx: Generated<'none' | 'innovative' | 'provincial' | 'little_giant'>
  batch: number | null
  contact: Generated<string>
  phone: Generated<string>
  address: Generated<string>
  createdAt: string
  updatedAt: string
  /** Sort/search keys of the name (migration 0008; search/name-keys.ts), set on every write */
  namePinyin: Generated<string>
  nameInitials: Generated<string>
}
export type EnterpriseRow = Selectable<EnterpriseTable>
export type NewEnterpriseRow = Insertable<EnterpriseTable>
export type EnterpriseRowUpdate = Updateable<EnterpriseTable>
