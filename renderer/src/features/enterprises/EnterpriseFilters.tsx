import { Input, Select } from 'antd'
import { HEBI_COUNTIES, PILOT_INDUSTRIES, ZJTX_STATUSES } from '../../../../shared/contract'
import { useT } from '../../i18n/locale.store'
import { useEnterprises } from './enterprises.store'

/** Search box + the five filters of the register. */
export function EnterpriseFilters() {
  const t = useT()
  const filters = useEnterprises((s) => s.filters)
  const setFilters = useEnterprises((s) => s.setFilters)
  return (
    <div className="filters">
      <Input.Search
        allowClear
        placeholder={t('search')}
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
        placeholder={t('county')}
        style={{ width: 170 }}
        value={filters.county}
        onChange={(v: string | undefined) => setFilters({ county: v })}
        options={HEBI_COUNTIES.map((c) => ({ value: c, label: c }))}
      />
      <Select
        allowClear
        placeholder={t('industry')}
        style={{ width: 200 }}
        value={filters.industry}
        onChange={(v) => setFilters({ industry: v })}
        options={PILOT_INDUSTRIES.map((i) => ({ value: i.id, label: i.name }))}
      />
      <Select
        allowClear
        placeholder={t('batch')}
        style={{ width: 110 }}
        value={filters.batch}
        onChange={(v: number | undefined) => setFilters({ batch: v })}
        options={[1, 2, 3].map((b) => ({ value: b, label: `第${b}批` }))}
      />
      <Select
        allowClear
        placeholder={t('zjtx')}
        style={{ width: 190 }}
        value={filters.zjtx}
        onChange={(v) => setFilters({ zjtx: v })}
        options={ZJTX_STATUSES.map((z) => ({ value: z.id, label: z.name }))}
      />
      <Select
        allowClear
        placeholder={t('assessmentStatus')}
        style={{ width: 130 }}
        value={filters.assessmentStatus}
        onChange={(v) => setFilters({ assessmentStatus: v })}
        options={[
          { value: 'none', label: t('statusNone') },
          { value: 'draft', label: t('statusDraft') },
          { value: 'completed', label: t('statusCompleted') },
          { value: 'signed', label: t('statusSigned') },
        ]}
      />
    </div>
  )
}
