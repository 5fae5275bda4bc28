/**
 * The console methods that run on a live session (session.* are handled by routes.ts, which owns
 * the cookie). One line each: the work lives in the modules named for it.
 */
import type { ConsoleInput, ConsoleMethod, ConsoleOutput } from '../../shared/console/api'
import type { CentralContext } from '../ingest'
import { clearSignal, getSignal, listSignals } from '../signals/store'
import { computeSignals } from '../signals/run'
import { listConsoleAudit } from './audit'
import { enterpriseChain, listEnterprises } from './enterprises'
import { budgetView, progressView } from './progress'
import type { SessionUser } from './sessions'

export interface Caller {
  user: SessionUser
  ip: string | null
}

type Handled = Exclude<ConsoleMethod, 'session.login' | 'session.get' | 'session.logout'>

export type ConsoleHandlers = {
  [M in Handled]: (
    ctx: CentralContext,
    input: ConsoleInput<M>,
    caller: Caller,
  ) => Promise<ConsoleOutput<M>>
}

export const consoleHandlers: ConsoleHandlers = {
  'progress.get': (ctx) => progressView(ctx),
  'budget.get': (ctx, i) => budgetView(ctx, i.batch),
  'enterprises.list': (ctx, i) => listEnterprises(ctx, i),
  'enterprises.chain': (ctx, i) => enterpriseChain(ctx, i.key),
  'signals.list': (ctx, i) => listSignals(ctx, i),
  'signals.get': (ctx, i) => getSignal(ctx, i.id),
  'signals.clear': (ctx, i, c) => clearSignal(ctx, i, { username: c.user.username, ip: c.ip }),
  'signals.recompute': async (ctx) => {
    const r = await computeSignals(ctx, { force: true })
    return { computedAt: r.computedAt, records: r.records, signals: r.signals, open: r.open }
  },
  'audit.list': async (ctx, i) => ({ items: await listConsoleAudit(ctx.db, i) }),
}
