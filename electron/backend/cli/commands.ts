/**
 * The CLI's commands, each loaded only when it runs: `score` must not pay for pdfmake, echarts,
 * exceljs or the SQLite driver (issue 15 §4: the CLI starts in well under a second). A new
 * command: a module cli/<name>.ts exporting a `CliCommand`, and one line here.
 */
import type { CliCommand } from './cli-error'

export const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  score: async () => (await import('./score')).scoreCommand,
  keys: async () => (await import('./keys')).keysCommand,
  bundle: async () => (await import('./bundle')).bundleCommand,
  verify: async () => (await import('./verify')).verifyCommand,
  import: async () => (await import('./import')).importCommand,
  sync: async () => (await import('./sync')).syncCommand,
  report: async () => (await import('./report')).reportCommand,
  audit: async () => (await import('./audit')).auditCommand,
  backup: async () => (await import('./backup')).backupCommand,
  plan: async () => (await import('./plan')).planCommand,
  'verify-report': async () => (await import('./verify-report')).verifyReportCommand,
}
