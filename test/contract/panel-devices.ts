/**
 * The devices of a panel (专家组合议) test: each a real backend with its own key and the
 * enterprise; an expert also completes and signs an acceptance that cites one signed diagnosis
 * (issue 11 item 1) — signed on the first expert's device, imported on the others.
 */
import { api, type Output, type Wire } from '../../shared/contract/api'
import { BASE_ANSWERS } from '../../shared/domain/panel/test-fixtures'
import type { SceneJudgements } from '../../shared/domain/scoring/types'
import { dispatch } from '../../electron/backend/dispatch'
import {
  signedDiagnosis,
  tempBackend,
  type enterpriseInput,
} from '../../electron/backend/test-helpers'
import type { B } from './fault-injection'

/**
 * The call's value, checked against the method's output schema; or an Error naming the method,
 * the code and the message.
 */
export async function ok<M extends keyof typeof api>(b: B, method: M, input: unknown = {}) {
  const w = (await dispatch(b, method, input)) as Wire<unknown>
  if (!w.ok) throw new Error(`${method} failed: ${w.error.code} ${w.error.message}`)
  const parsed = api[method].output.safeParse(w.value)
  if (!parsed.success) throw new Error(`${method} output: ${parsed.error.message}`)
  return w.value as Output<M>
}

/**
 * On `b`: an acceptance with BASE_ANSWERS and `scenes`, completed, signed into a bundle that
 * cites the diagnosis `beforeBundleId`, and exported — what an expert brings to the panel.
 */
export async function exportedAcceptance(
  b: B,
  a: {
    enterpriseId: string
    assessorName: string
    assessedOn: string
    scenes: SceneJudgements
    beforeBundleId: string
  },
): Promise<Output<'bundles.export'>> {
  const created = await ok(b, 'assessments.create', {
    enterpriseId: a.enterpriseId,
    kind: 'acceptance',
    assessorName: a.assessorName,
    assessedOn: a.assessedOn,
  })
  const id = created.assessment.id
  for (const [questionId, selected] of Object.entries(BASE_ANSWERS))
    await ok(b, 'assessments.setAnswer', { assessmentId: id, questionId, selected })
  for (const [sceneId, level] of Object.entries(a.scenes))
    await ok(b, 'assessments.setScene', { assessmentId: id, sceneId, level })
  await ok(b, 'assessments.complete', { id })
  const bundle = await ok(b, 'bundles.create', {
    assessmentId: id,
    beforeBundleId: a.beforeBundleId,
  })
  return ok(b, 'bundles.export', { bundleId: bundle.bundleId })
}

export type PanelDevice = Awaited<ReturnType<typeof panelDevice>>

/**
 * A device of `name` holding `enterprise`. With `scenes` it is an expert's: an acceptance with
 * BASE_ANSWERS and `scenes`, completed, bundled and exported (`file`); `diagnosis` carries the
 * signed diagnosis from the first expert's device to the next ones.
 */
export async function panelDevice(
  enterprise: ReturnType<typeof enterpriseInput>,
  name: string,
  scenes: SceneJudgements | null,
  diagnosis: { bytes?: Buffer } = {},
) {
  const b = await tempBackend()
  const k = await ok(b, 'keys.create', { passphrase: `${name} passphrase` })
  const ent = await ok(b, 'enterprises.create', enterprise)
  let file: { fileName: string; contentBase64: string } | null = null
  if (scenes) {
    let beforeBundleId: string
    if (diagnosis.bytes)
      beforeBundleId = (
        await ok(b, 'bundles.import', {
          fileName: 'diagnosis.dlbundle',
          contentBase64: diagnosis.bytes.toString('base64'),
        })
      ).bundle.bundleId
    else {
      const d = await signedDiagnosis(b, ent.id, '2026-11-10')
      diagnosis.bytes = d.bytes
      beforeBundleId = d.bundleId
    }
    file = await exportedAcceptance(b, {
      enterpriseId: ent.id,
      assessorName: name,
      assessedOn: '2026-11-25',
      scenes,
      beforeBundleId,
    })
  }
  return { b, keyId: k.key!.keyId, enterpriseId: ent.id, file }
}
