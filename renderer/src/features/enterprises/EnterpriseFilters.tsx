import { Input, Select } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { ZJTX_STATUSES } from '../../../../shared/contract'
import { HEBI } from '../../../../shared/domain/city'
import { useEnterprises } from './enterprises.store'

/** The city whose counties and industries the filters offer (Hebi, the pilot's default). */
const CITY = HEBI
const SEARCH_DELAY_MS = 250

/**
 * Search box (name, USCC, contact, phone, pinyin initials — searched on the server as you type)
 * + the five filters of the register; counties and industries come from the city data.
 */
export function EnterpriseFilters() {
  const filters = useEnterprises((s) => s.filters)
  const setFilters = useEnterprises((s) => s.setFilters)
  const [text, setText] = useState(filters.search ?? '')
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  // Filters cleared elsewhere (清除筛选并定位): the box follows.
  useEffect(() => setText(filters.search ?? ''), [filters.search])
  useEffect(() => () => clearTimeout(timer.current), [])

  const search = (v: string): void => {
    clearTimeout(timer.current)
    if ((v.trim() || undefined) !== filters.search) setFilters({ search: v.trim() || undefined })
  }

  return (
    <div className="filters">
      <Input.Search
        allowClear
        placeholder="搜索企业名称、信用代码、联系人、拼音首字母"
        style={{ width: 320 }}
        value={text}
        onSearch={search}
        onChange={(e) => {
          const v = e.target.value
          setText(v)
          clearTimeout(timer.current)
          timer.current = setTimeout(() => search(v), v === '' ? 0 : SEARCH_DELAY_MS)
        }}
        data-testid="enterprise-search"
      />
      <Select
        allowClear
        placeholder="县区"
        style={{ width: 170 }}
        value={filters.county}
        onChange={(v: string | undefined) => setFilters({ county: v })}
        options={CITY.counties.map((c) => ({ value: c.name, label: c.name }))}
        data-testid="filter-county"
      />
      <Select
        allowClear
        placeholder="试点行业"
        style={{ width: 200 }}
        value={filters.industry}
        onChange={(v) => setFilters({ industry: v })}
        options={CITY.industries.map((i) => ({ value: i.id, label: i.name }))}
        data-testid="filter-industry"
      />
      <Select
        allowClear
        placeholder="批次"
        style={{ width: 110 }}
        value={filters.batch}
        onChange={(v: number | undefined) => setFilters({ batch: v })}
        options={[1, 2, 3].map((b) => ({ value: b, label: `第${b}批` }))}
        data-testid="filter-batch"
      />
      <Select
        allowClear
        placeholder="专精特新"
        style={{ width: 190 }}
        value={filters.zjtx}
        onChange={(v) => setFilters({ zjtx: v })}
        options={ZJTX_STATUSES.map((z) => ({ value: z.id, label: z.name }))}
        data-testid="filter-zjtx"
      />
      <Select
        allowClear
        placeholder="评测状态"
        style={{ width: 130 }}
        value={filters.assessmentStatus}
        onChange={(v) => setFilters({ assessmentStatus: v })}
        options={[
          { value: 'none', label: '未评测' },
          { value: 'draft', label: '评测中' },
          { value: 'completed', label: '已完成' },
          { value: 'signed', label: '已签名' },
        ]}
        data-testid="filter-status"
      />
    </div>
  )
}
