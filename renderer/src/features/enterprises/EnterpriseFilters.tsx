import { Input, Select } from 'antd'
import { HEBI_COUNTIES, PILOT_INDUSTRIES, ZJTX_STATUSES } from '../../../../shared/contract'
import { useEnterprises } from './enterprises.store'

/** Search box + the five filters of the register. */
export function EnterpriseFilters() {
  const filters = useEnterprises((s) => s.filters)
  const setFilters = useEnterprises((s) => s.setFilters)
  return (
    <div className="filters">
      <Input.Search
        allowClear
        placeholder="搜索企业名称、信用代码、联系人"
        style={{ width: 300 }}
        defaultValue={filters.search}
        onSearch={(v) => setFilters({ search: v.trim() || undefined })}
        onChange={(e) => {
          if (e.target.value === '') setFilters({ search: undefined })
        }}
        data-testid="enterprise-search"
      />
      <Select
        allowClear
        placeholder="县区"
        style={{ width: 170 }}
        value={filters.county}
        onChange={(v: string | undefined) => setFilters({ county: v })}
        options={HEBI_COUNTIES.map((c) => ({ value: c, label: c }))}
      />
      <Select
        allowClear
        placeholder="试点行业"
        style={{ width: 200 }}
        value={filters.industry}
        onChange={(v) => setFilters({ industry: v })}
        options={PILOT_INDUSTRIES.map((i) => ({ value: i.id, label: i.name }))}
      />
      <Select
        allowClear
        placeholder="批次"
        style={{ width: 110 }}
        value={filters.batch}
        onChange={(v: number | undefined) => setFilters({ batch: v })}
        options={[1, 2, 3].map((b) => ({ value: b, label: `第${b}批` }))}
      />
      <Select
        allowClear
        placeholder="专精特新"
        style={{ width: 190 }}
        value={filters.zjtx}
        onChange={(v) => setFilters({ zjtx: v })}
        options={ZJTX_STATUSES.map((z) => ({ value: z.id, label: z.name }))}
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
      />
    </div>
  )
}
