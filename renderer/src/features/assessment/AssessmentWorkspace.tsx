import { Alert, Grid, Layout, Spin } from 'antd'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { client } from '../../api'
import { useCatalogue } from '../../app/catalogue.store'
import { useRoute } from '../../app/route.store'
import { useEnterprises } from '../enterprises/enterprises.store'
import { AdviceLive } from '../advice/AdviceLive'
import { AdvicePane, useAdviceDone } from '../advice/AdvicePane'
import { ADVICE_ITEM, adviceGroups } from '../advice/items'
import { useAssessment } from './assessment.store'
import { attachFiles } from './EvidencePanel'
import { itemGroups, itemOrder } from './items'
import { LivePanel } from './LivePanel'
import { Navigator } from './Navigator'
import { QuestionPane } from './QuestionPane'
import { ScenePane } from './ScenePane'
import { ShortcutHelp } from './ShortcutHelp'
import { SurveyPane } from './SurveyPane'
import { paneOnScreen, useWorkspaceKeys } from './useWorkspaceKeys'
import { WorkspaceHeader } from './WorkspaceHeader'

/**
 * The assessor's workspace, one screen from 1366×768 up (antd Layout): a fixed header, then three
 * panes that scroll on their own — the navigator (follows the current item), the item pane
 * (question / scene / survey; back to its top on every item) and the live result, so the item
 * being judged and its effect are always both on screen.
 */
export function AssessmentWorkspace({ id, item }: { id: string; item?: string }) {
  const info = useCatalogue((s) => s.info)
  const maxBytes = useCatalogue((s) => s.app?.evidenceMaxBytes)
  const detail = useAssessment((s) => s.detail)
  const loading = useAssessment((s) => s.loading)
  const loadError = useAssessment((s) => s.loadError)
  const load = useAssessment((s) => s.load)
  const replace = useRoute((s) => s.replace)

  const catalogue = info?.catalogue ?? null
  // 诊断建议 (features/advice): a section after the scenes, diagnoses only
  const extra = useMemo(() => adviceGroups(detail?.assessment.kind), [detail?.assessment.kind])
  const groups = useMemo(() => (catalogue ? itemGroups(catalogue, extra) : []), [catalogue, extra])
  const adviceDone = useAdviceDone(id, extra.length > 0)
  const order = useMemo(() => itemOrder(groups), [groups])
  const screens = Grid.useBreakpoint()
  const wide = screens.xxl === true
  const main = useRef<HTMLElement>(null)
  const [help, setHelp] = useState(false)
  const toggleHelp = useCallback(() => setHelp((h) => !h), [])
  // A new assessment opens on Q01 (the survey is one click / one ↑ away).
  const current = item && order.includes(item) ? item : 'Q01'
  const readOnly = detail ? detail.assessment.status !== 'draft' : true

  const profile = useMemo(() => {
    if (!info || !detail) return null
    return info.ruleProfiles.find((p) => p.id === detail.assessment.ruleProfileId) ?? null
  }, [info, detail])

  useEffect(() => {
    void load(id, null)
  }, [id, load])

  // The register can always take the assessor back to this enterprise.
  const enterprise = detail?.enterprise
  useEffect(() => {
    if (enterprise)
      useEnterprises.getState().setRecent({ id: enterprise.id, name: enterprise.name })
  }, [enterprise])

  // Every item starts at its top (the pane is scrolled on its own, never the window).
  useEffect(() => {
    main.current?.scrollTo({ top: 0 })
  }, [current])

  useEffect(() => {
    if (info && profile)
      useAssessment
        .getState()
        .setScoring({ pinned: { catalogue: info.catalogue, hash: info.hash }, profile })
  }, [info, profile])

  // Another window/tab changed this assessment's status: reload it.
  useEffect(
    () =>
      client().on('assessment.statusChanged', (p) => {
        if (p.assessmentId === id) void load(id, useAssessment.getState().scoring)
      }),
    [id, load],
  )

  const goItem = useCallback(
    (to: string) => replace({ name: 'assessment', id, item: to }),
    [id, replace],
  )
  useWorkspaceKeys({
    catalogue,
    groups,
    order,
    current,
    readOnly,
    go: goItem,
    toggleHelp,
    main,
  })

  // Closing the window while a save is still on its way (or failed) asks first.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent): void => {
      const st = useAssessment.getState()
      if (st.pending > 0 || st.save === 'failed') e.preventDefault()
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [])

  // Pasted screenshots become evidence of the item on screen.
  useEffect(() => {
    if (readOnly) return
    const onPaste = (e: ClipboardEvent): void => {
      const files = [...(e.clipboardData?.files ?? [])]
      if (files.length === 0) return
      // like the keys: only onto the item whose pane is on screen
      if (!paneOnScreen(current, main.current)) return
      e.preventDefault()
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
      const named = files.map((f, i) =>
        f.name && f.name !== 'image.png'
          ? f
          : new File([f], `截图-${stamp}${i ? `-${i}` : ''}.png`, { type: f.type }),
      )
      void attachFiles(current, named, maxBytes)
    }
    window.addEventListener('paste', onPaste)
    return () => window.removeEventListener('paste', onPaste)
  }, [current, readOnly, maxBytes])

  if (loadError)
    return (
      <Alert
        type="error"
        showIcon
        message="无法打开评测"
        description={loadError}
        style={{ margin: 24 }}
      />
    )
  if (!catalogue || !detail || loading)
    return <Spin size="large" style={{ display: 'block', margin: '120px auto' }} />

  const question = catalogue.questions.find((q) => q.id === current)
  const scene = catalogue.scenes.find((s) => s.id === current)

  return (
    <Layout className="workspace" data-testid="workspace">
      <Layout.Header className="ws-header">
        <WorkspaceHeader onHelp={toggleHelp} />
        {readOnly ? (
          <Alert
            className="ws-readonly"
            type="info"
            showIcon
            data-testid="read-only-banner"
            message={
              detail.assessment.supersededBy
                ? '此版本已被更正版本替代，只读。'
                : '本评测已完成，只读。如需修改，请点击「更正（新版本）」，原版本保持不变。'
            }
          />
        ) : null}
      </Layout.Header>
      <Layout hasSider className="ws-body">
        <Layout.Sider width={wide ? 280 : 236} theme="light" className="ws-nav">
          <Navigator groups={groups} current={current} onPick={goItem} stepDone={adviceDone} />
        </Layout.Sider>
        <Layout.Content className="ws-content">
          <main className="ws-main" ref={main} data-testid="item-scroll">
            {current === 'survey' ? <SurveyPane readOnly={readOnly} /> : null}
            {current === ADVICE_ITEM ? (
              <AdvicePane
                assessmentId={id}
                catalogue={catalogue}
                constrainedScenes={
                  profile?.constrainedScenes ??
                  catalogue.scenes.filter((s) => s.platformConstrained).map((s) => s.id)
                }
                readOnly={readOnly}
              />
            ) : null}
            {question ? (
              <QuestionPane
                key={question.id}
                catalogue={catalogue}
                question={question}
                readOnly={readOnly}
              />
            ) : null}
            {scene ? (
              <ScenePane
                key={scene.id}
                scene={scene}
                groupName={
                  catalogue.sceneGroups.find((g) => g.id === scene.group)?.name ?? scene.group
                }
                constrained={
                  profile ? profile.constrainedScenes.includes(scene.id) : scene.platformConstrained
                }
                readOnly={readOnly}
              />
            ) : null}
          </main>
        </Layout.Content>
        <Layout.Sider width={wide ? 360 : 300} theme="light" className="ws-live">
          {current === ADVICE_ITEM ? (
            <AdviceLive
              onJump={(sceneId) =>
                document.getElementById(`finding-${sceneId}`)?.scrollIntoView({ block: 'center' })
              }
            />
          ) : (
            <LivePanel catalogue={catalogue} onJump={goItem} />
          )}
        </Layout.Sider>
      </Layout>
      <ShortcutHelp open={help} onClose={() => setHelp(false)} />
    </Layout>
  )
}
