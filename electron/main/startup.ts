/**
 * The desktop app's start, in order, with Electron behind seams (`DesktopShell`) so the order is
 * a test that runs without Electron (startup.test.ts):
 *
 *   1. the data directory: %LOCALAPPDATA% on Windows (roaming AppData is synced by domain
 *      policies: a database and evidence must not roam), Electron's userData elsewhere — set as
 *      Electron's userData before anything uses it (the single-instance lock lives there too);
 *   2. the single-instance lock: a second instance focuses the first and quits BEFORE any
 *      backend starts (two backends on one data directory would lose saves; the data-directory
 *      lock would refuse the second anyway, but with an error dialog instead of a focus);
 *   3. app ready → the backend process (utilityProcess) → the window.
 *
 * No 'electron' import here: index.ts passes the real shell.
 */
import { join } from 'node:path'

export interface DesktopShell {
  platform: NodeJS.Platform
  env: Record<string, string | undefined>
  /** app.getPath('userData') as Electron chose it (roaming on Windows) */
  defaultUserData(): string
  setUserData(dir: string): void
  requestSingleInstanceLock(): boolean
  quit(): void
  whenReady(): Promise<void>
  /** Starts the backend process on `dataDir`; rejects with a message for the user. */
  startBackend(dataDir: string): Promise<void>
  openWindow(): void
  fatal(title: string, message: string): void
}

/** The data directory for this platform (see the file comment). */
export function desktopDataDir(
  platform: NodeJS.Platform,
  env: Record<string, string | undefined>,
  defaultUserData: string,
  folder: string,
): string {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA
    if (local) return join(local, folder)
  }
  return defaultUserData
}

export type StartResult = 'second-instance' | 'started' | 'failed'

export async function startDesktop(shell: DesktopShell, folder: string): Promise<StartResult> {
  const dataDir = desktopDataDir(shell.platform, shell.env, shell.defaultUserData(), folder)
  shell.setUserData(dataDir)
  if (!shell.requestSingleInstanceLock()) {
    shell.quit()
    return 'second-instance'
  }
  await shell.whenReady()
  try {
    await shell.startBackend(dataDir)
  } catch (e) {
    // A half-working app could lose answers: stop with the reason instead.
    shell.fatal(
      '无法打开评测数据库 / Cannot open the assessment database',
      e instanceof Error ? e.message : String(e),
    )
    return 'failed'
  }
  shell.openWindow()
  return 'started'
}
