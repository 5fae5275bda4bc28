import { CloseOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Empty, Input, InputNumber, Modal, Popconfirm, Segmented, Tag, Tooltip } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { TEXT_LIMITS } from '../../../../shared/domain/advice/schema'
import type { AdviceMeasure, AdviceStep } from '../../../../shared/domain/advice/types'
import type { Catalogue } from '../../../../shared/domain/catalogue/types'
import { formatYuanRange } from '../../../../shared/domain/plan/plan-text'
import { formatPoints } from '../../../../shared/domain/scoring/points'
import { client } from '../../api'
import { levelName } from '../assessment/LevelBadge'
import { useAssessment } from '../assessment/assessment.store'
import { useAdvice, type AdviceProductInput } from './advice.store'
import { DebouncedText } from './DebouncedText'

const TARGETS = [
  { value: 2, label: '二级（试点验收）' },
  { value: 3, label: '三级' },
  { value: 4, label: '四级' },
]

/**
 * Whether 三级 and 四级 can be reached from the assessment as it is (plan.compute, read-only), so
 * the target picker offers 三级 only where it is reachable.
 */
function useReachability(
  assessmentId: string | null,
  readOnly: boolean,
): Record<number, { reachable: boolean; why: string }> {
  const [reach, setReach] = useState<Record<number, { reachable: boolean; why: string }>>({})
  const scenes = useAssessment((s) => s.detail?.scenes)
  const answers = useAssessment((s) => s.detail?.answers)
  useEffect(() => {
    if (!assessmentId || readOnly) return
    let live = true
    void Promise.all(
      ([3, 4] as const).map(async (target) => {
        try {
          const p = await client().call('plan.compute', { assessmentId, target })
          return [
            target,
            { reachable: p.reachable, why: p.obstacles.map((o) => o.text).join('；') },
          ] as const
        } catch {
          return [target, { reachable: true, why: '' }] as const
        }
      }),
    ).then((rows) => {
      if (live) setReach(Object.fromEntries(rows))
    })
    return () => {
      live = false
    }
  }, [assessmentId, readOnly, scenes, answers])
  return reach
}

const yuanToFen = (y: number | null): number | null =>
  y === null || !Number.isFinite(y) ? null : Math.round(y * 100)

function stepName(c: Catalogue, s: AdviceStep): string {
  if (s.kind === 'scene') return c.scenes.find((x) => x.id === s.item)?.name ?? s.item
  return c.questions.find((x) => x.id === s.item)?.tertiary.name ?? s.item
}

function valueText(c: Catalogue, s: AdviceStep, v: AdviceStep['before'] | undefined): string {
  if (v === null || v === undefined) return s.kind === 'scene' ? '未判定' : '未作答'
  if (typeof v === 'number') return v === 0 ? '未达一级' : levelName(v)
  const q = c.questions.find((x) => x.id === s.item)
  return (typeof v === 'string' ? [v] : v)
    .map((k) => {
      const o = q?.options.find((x) => x.key === k)
      return o?.exclusive ? `「${o.text}」` : k
    })
    .join('、')
}

/** Investment in 元 (two decimals), saved as fen 500 ms after the last change and on blur. */
function InvestmentInput({
  fen,
  disabled,
  onSave,
  testId,
}: {
  fen: number | null
  disabled: boolean
  onSave(fen: number | null): void
  testId: string
}) {
  const [value, setValue] = useState<number | null>(fen === null ? null : fen / 100)
  const dirty = useRef(false)
  const timer = useRef<number | undefined>(undefined)
  const latest = useRef(value)
  latest.current = value
  const flush = (): void => {
    window.clearTimeout(timer.current)
    if (dirty.current) {
      dirty.current = false
      onSave(yuanToFen(latest.current))
    }
  }
  useEffect(() => () => flush(), [])
  return (
    <InputNumber
      min={0}
      max={1e11}
      step={1000}
      precision={2}
      value={value}
      disabled={disabled}
      suffix="元"
      placeholder="未估算"
      onChange={(v) => {
        setValue(v)
        dirty.current = true
        window.clearTimeout(timer.current)
        timer.current = window.setTimeout(flush, 500)
      }}
      onBlur={flush}
      data-testid={testId}
      style={{ width: 190 }}
    />
  )
}

function MeasureRow({
  m,
  readOnly,
  testId,
}: {
  m: AdviceMeasure
  readOnly: boolean
  testId: string
}) {
  const update = useAdvice((s) => s.updateMeasure)
  const remove = useAdvice((s) => s.removeMeasure)
  return (
    <div className="advice-measure" data-testid={testId} data-source={m.source}>
      <div className="advice-measure-head">
        <Tag color={m.source === 'own' ? 'purple' : 'blue'}>
          {m.source === 'own' ? '自拟' : '措施库'}
        </Tag>
        <DebouncedText
          single
          value={m.title}
          onSave={(v) => {
            if (v.trim()) update(m.id, { title: v })
          }}
          disabled={readOnly}
          maxLength={TEXT_LIMITS.title}
          testId={`${testId}-title`}
        />
        {readOnly ? null : (
          <Popconfirm title="删除这项措施？" onConfirm={() => remove(m.id)}>
            <Button
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label="删除措施"
              data-testid={`${testId}-remove`}
            />
          </Popconfirm>
        )}
      </div>
      <DebouncedText
        value={m.text}
        onSave={(v) => update(m.id, { text: v })}
        disabled={readOnly}
        maxLength={TEXT_LIMITS.text}
        placeholder="实施内容"
        testId={`${testId}-text`}
      />
      <div className="advice-measure-figures">
        <span>
          投入估算
          <InvestmentInput
            fen={m.investmentFen}
            disabled={readOnly}
            onSave={(fen) => update(m.id, { investmentFen: fen })}
            testId={`${testId}-investment`}
          />
        </span>
        {m.costYuan ? <span className="muted">参考费用 {formatYuanRange(m.costYuan)}</span> : null}
        <span className="muted">
          {m.weeks ? `工期 ${m.weeks.min}–${m.weeks.max} 周` : '工期未估'}
        </span>
      </div>
    </div>
  )
}

function AddMeasure({ item, testId }: { item: string; testId: string }) {
  const add = useAdvice((s) => s.addMeasure)
  const [open, setOpen] = useState(false)
  const [title, setTitle] = useState('')
  const [text, setText] = useState('')
  const [yuan, setYuan] = useState<number | null>(null)
  const [weeks, setWeeks] = useState<number | null>(null)
  if (!open)
    return (
      <Button
        size="small"
        icon={<PlusOutlined />}
        onClick={() => setOpen(true)}
        data-testid={`${testId}-add`}
      >
        添加自拟措施
      </Button>
    )
  return (
    <div className="advice-add" data-testid={`${testId}-add-form`}>
      <Input
        placeholder="措施名称"
        value={title}
        maxLength={TEXT_LIMITS.title}
        onChange={(e) => setTitle(e.target.value)}
        data-testid={`${testId}-add-title`}
      />
      <Input.TextArea
        placeholder="实施内容"
        value={text}
        maxLength={TEXT_LIMITS.text}
        autoSize={{ minRows: 2 }}
        onChange={(e) => setText(e.target.value)}
        data-testid={`${testId}-add-text`}
      />
      <div className="advice-measure-figures">
        <InputNumber
          min={0}
          precision={2}
          suffix="元"
          placeholder="投入估算"
          value={yuan}
          onChange={(v) => setYuan(v)}
          data-testid={`${testId}-add-investment`}
        />
        <InputNumber
          min={0}
          max={520}
          precision={0}
          suffix="周"
          placeholder="工期"
          value={weeks}
          onChange={(v) => setWeeks(v)}
        />
        <Button
          type="primary"
          size="small"
          disabled={!title.trim()}
          onClick={() => {
            add({
              item,
              title: title.trim(),
              text,
              investmentFen: yuanToFen(yuan),
              weeks: weeks === null ? null : { min: weeks, max: weeks },
            })
            setOpen(false)
            setTitle('')
            setText('')
            setYuan(null)
            setWeeks(null)
          }}
          data-testid={`${testId}-add-save`}
        >
          添加
        </Button>
        <Button size="small" onClick={() => setOpen(false)}>
          取消
        </Button>
      </div>
    </div>
  )
}

function Products({ step, readOnly }: { step: AdviceStep; readOnly: boolean }) {
  const setProducts = useAdvice((s) => s.setProducts)
  const [name, setName] = useState('')
  const [provider, setProvider] = useState('')
  const list = step.products as AdviceProductInput[]
  return (
    <div className="advice-products" data-testid={`products-${step.item}`}>
      <span className="muted">产品：</span>
      {list.length === 0 ? <span className="muted">（无匹配的小快轻准产品）</span> : null}
      {list.map((p, i) => (
        <Tag
          key={`${p.code ?? ''}-${p.name}-${i}`}
          color={p.source === 'own' ? 'purple' : 'cyan'}
          closable={!readOnly}
          closeIcon={<CloseOutlined data-testid={`products-${step.item}-remove-${i}`} />}
          onClose={(e) => {
            e.preventDefault()
            setProducts(
              step.item,
              list.filter((_, j) => j !== i),
            )
          }}
        >
          {p.name}（{p.provider}
          {p.priceYuan ? `，参考价 ${formatYuanRange(p.priceYuan)}` : ''}）
        </Tag>
      ))}
      {readOnly ? null : (
        <span className="advice-product-add">
          <Input
            size="small"
            placeholder="自拟产品"
            value={name}
            onChange={(e) => setName(e.target.value)}
            style={{ width: 140 }}
          />
          <Input
            size="small"
            placeholder="服务商"
            value={provider}
            onChange={(e) => setProvider(e.target.value)}
            style={{ width: 120 }}
          />
          <Button
            size="small"
            disabled={!name.trim()}
            onClick={() => {
              setProducts(step.item, [
                ...list,
                {
                  source: 'own',
                  code: null,
                  name: name.trim(),
                  provider: provider.trim(),
                  priceYuan: null,
                },
              ])
              setName('')
              setProvider('')
            }}
          >
            添加
          </Button>
        </span>
      )}
    </div>
  )
}

function StepCard({
  c,
  step,
  index,
  readOnly,
}: {
  c: Catalogue
  step: AdviceStep
  index: number
  readOnly: boolean
}) {
  const state = useAdvice((s) => s.view?.projection?.states[step.item])
  const droppable = useAdvice((s) => s.view?.projection?.droppable.includes(step.item) ?? false)
  const removeStep = useAdvice((s) => s.removeStep)
  const after = step.kind === 'scene' ? step.level : step.answer
  return (
    <div className="advice-step" data-testid={`step-${step.item}`}>
      <div className="advice-step-head">
        <span className="advice-step-no">{index + 1}</span>
        <b>{step.item}</b> {stepName(c, step)}
        {step.constrained ? <Tag color="volcano">约束性</Tag> : null}
        <span className="advice-step-change">
          {valueText(c, step, step.before)} → {valueText(c, step, after)}
          {step.kind === 'question' ? `（+${formatPoints(step.gain)} 分）` : ''}
        </span>
        {state === 'reached' ? <Tag color="green">已达到</Tag> : null}
        {droppable ? <Tag>非必需</Tag> : null}
        {readOnly ? null : (
          <Popconfirm
            title="从方案中删除这一步？"
            description="删除后方案可能达不到目标等级，右侧会即时显示。"
            onConfirm={() => removeStep(step.item)}
          >
            <Button size="small" type="link" danger data-testid={`step-${step.item}-remove`}>
              删除此步
            </Button>
          </Popconfirm>
        )}
      </div>
      {step.measures.map((m, i) => (
        <MeasureRow key={m.id} m={m} readOnly={readOnly} testId={`measure-${step.item}-${i}`} />
      ))}
      {readOnly ? null : <AddMeasure item={step.item} testId={`measure-${step.item}`} />}
      <Products step={step} readOnly={readOnly} />
    </div>
  )
}

/** 改造方案: the target, generating and accepting the plan, and editing it step by step. */
export function PlanSection({ catalogue, readOnly }: { catalogue: Catalogue; readOnly: boolean }) {
  const assessmentId = useAdvice((s) => s.assessmentId)
  const reach = useReachability(assessmentId, readOnly)
  const plan = useAdvice((s) => s.view?.plan ?? null)
  const accepting = useAdvice((s) => s.accepting)
  const acceptPlan = useAdvice((s) => s.acceptPlan)
  const clearPlan = useAdvice((s) => s.clearPlan)
  const [target, setTarget] = useState<number>(plan?.target ?? 2)

  const accept = (): void => {
    if (!plan) {
      void acceptPlan(target as 2)
      return
    }
    Modal.confirm({
      title: '重新生成方案？',
      content: '当前方案（含已编辑的措施、产品和投入估算）将被新生成的方案替换。',
      okText: '替换',
      cancelText: '取消',
      okButtonProps: { 'data-testid': 'replace-plan-confirm' } as Record<string, string>,
      onOk: () => acceptPlan(target as 2),
    })
  }

  return (
    <section className="pane-section" data-testid="plan">
      <h4>改造方案（一企一策）</h4>
      <div className="advice-target">
        <span>目标等级</span>
        <Segmented
          options={TARGETS.map((t) => {
            const r = reach[t.value]
            return r && !r.reachable
              ? {
                  ...t,
                  disabled: true,
                  label: (
                    <Tooltip title={`按现有条件无法达到：${r.why}`}>
                      <span data-testid={`target-${t.value}-unreachable`}>{t.label}（不可达）</span>
                    </Tooltip>
                  ),
                }
              : t
          })}
          value={target}
          disabled={readOnly}
          onChange={(v) => setTarget(Number(v))}
          data-testid="target"
        />
        {readOnly ? null : (
          <Button type="primary" loading={accepting} onClick={accept} data-testid="accept-plan">
            {plan ? '按此目标重新生成' : '生成并采纳方案'}
          </Button>
        )}
        {plan && !readOnly ? (
          <Popconfirm title="清除方案？诊断发现保留。" onConfirm={clearPlan}>
            <Button type="link" danger>
              清除方案
            </Button>
          </Popconfirm>
        ) : null}
      </div>
      <div className="muted advice-hint">
        方案由评分规则逐项计算：所列步骤合计工作量最小，且去掉任一步都达不到目标；费用与工期为措施库参考值。可修改措施内容、删除或添加自拟措施和产品，并逐项填写投入估算。
      </div>
      {plan ? (
        <div data-testid="plan-steps">
          <div className="muted">
            目标{levelName(plan.target)} · 共 {plan.steps.length} 步 · 措施库 {plan.measures.id}（第{' '}
            {plan.measures.version} 版）
          </div>
          {plan.steps.map((s, i) => (
            <StepCard key={s.item} c={catalogue} step={s} index={i} readOnly={readOnly} />
          ))}
        </div>
      ) : (
        <Empty description="尚未采纳方案" />
      )}
    </section>
  )
}
