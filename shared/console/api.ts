/**
 * The city console contract (issue 16 §1): method → zod input/output schemas and the least role
 * that may call it, with the same discipline as the app's contract (shared/contract/api.ts). The
 * console (console/) sends `POST /console/api/<method>` with a JSON body; central validates the
 * input, checks the session and role, runs the handler and validates the output; the console
 * validates the output again. Every call is audited centrally.
 *
 * Downloads (spreadsheets, archives) are plain GETs under /console/download/ with their query
 * checked by the schemas in `downloads`.
 */
import { z } from 'zod'
import type { ConsoleError, ConsoleWire } from './errors'
import { ConsoleAuditList, ListConsoleAuditInput } from './schemas/audit'
import {
  EnterpriseChain,
  EnterpriseKey,
  EnterpriseList,
  ListEnterprisesInput,
} from './schemas/enterprises'
import { BudgetInput, BudgetView, ProgressView } from './schemas/progress'
import {
  ClearSignalInput,
  ListSignalsInput,
  RecomputeResult,
  SignalId,
  SignalList,
  SignalView,
} from './schemas/signals'
import { LoginInput, LogoutResult, SessionView, type StaffRole } from './schemas/session'

const Empty = z.strictObject({})

interface MethodSpec {
  input: z.ZodType
  output: z.ZodType
  /** null = no session needed (login) */
  role: StaffRole | null
}

export const consoleApi = {
  /** Checks the password (rate-limited per account and address), sets the session cookie. */
  'session.login': { input: LoginInput, output: SessionView, role: null },
  /** The current session (UNAUTHENTICATED when none or expired). */
  'session.get': { input: Empty, output: SessionView, role: 'viewer' },
  'session.logout': { input: Empty, output: LogoutResult, role: 'viewer' },

  /** Pilot progress against the plan's targets, by county, industry, batch and service provider. */
  'progress.get': { input: Empty, output: ProgressView, role: 'viewer' },
  /** Subsidy commitments (accepted acceptances) per batch against the plan's budget lines. */
  'budget.get': { input: BudgetInput, output: BudgetView, role: 'viewer' },

  'enterprises.list': { input: ListEnterprisesInput, output: EnterpriseList, role: 'viewer' },
  /** One enterprise's diagnosis → acceptance chain: every version, level, report, receipt. */
  'enterprises.chain': {
    input: z.strictObject({ key: EnterpriseKey }),
    output: EnterpriseChain,
    role: 'viewer',
  },

  /** Integrity signals (computed again first when new results arrived). */
  'signals.list': { input: ListSignalsInput, output: SignalList, role: 'viewer' },
  'signals.get': { input: z.strictObject({ id: SignalId }), output: SignalView, role: 'viewer' },
  /** Clears a signal with a reason; never changes a result. Reviewers and administrators only. */
  'signals.clear': { input: ClearSignalInput, output: SignalView, role: 'reviewer' },
  /** Computes every signal now. */
  'signals.recompute': { input: Empty, output: RecomputeResult, role: 'reviewer' },

  /** The console's own audit log, newest first. Administrators only. */
  'audit.list': { input: ListConsoleAuditInput, output: ConsoleAuditList, role: 'admin' },
} as const satisfies Record<string, MethodSpec>

export const consoleDownloads = {
  /** 通报 (.xlsx): every county or provider, or one of them with its enterprises. */
  bulletin: {
    query: z.strictObject({
      by: z.enum(['county', 'provider'], { error: 'by 须为 county 或 provider' }),
      name: z.string().trim().min(1).max(200).optional(),
    }),
    role: 'viewer' as StaffRole,
  },
  /** 一企一档 (.zip): reports, signed bundles and receipts of one enterprise, without secrets. */
  dossier: {
    query: z.strictObject({ key: EnterpriseKey }),
    role: 'viewer' as StaffRole,
  },
} as const

export type ConsoleApi = typeof consoleApi
export type ConsoleMethod = keyof ConsoleApi
export type ConsoleInput<M extends ConsoleMethod> = z.output<ConsoleApi[M]['input']>
export type ConsoleCallInput<M extends ConsoleMethod> = z.input<ConsoleApi[M]['input']>
export type ConsoleOutput<M extends ConsoleMethod> = z.output<ConsoleApi[M]['output']>
export type ConsoleDownload = keyof typeof consoleDownloads

export function isConsoleMethod(name: string): name is ConsoleMethod {
  return Object.prototype.hasOwnProperty.call(consoleApi, name)
}

/** zod issues → one VALIDATION error naming the field path. */
export function consoleValidationError(err: z.ZodError, where: string): ConsoleError {
  const issue = err.issues[0]
  if (!issue) return { code: 'VALIDATION', message: `${where}：输入无效` }
  const path = issue.path.map(String).join('.')
  return path
    ? { code: 'VALIDATION', message: `字段 ${path}：${issue.message}`, field: path }
    : { code: 'VALIDATION', message: `${where}：${issue.message}` }
}

/** The CSRF header the console sends with every call (compared with the session's token). */
export const CSRF_HEADER = 'x-dl-csrf'
export const SESSION_COOKIE = 'dl_console'

export type { ConsoleWire }
