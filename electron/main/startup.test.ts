/**
 * The desktop start order (issue 15 §2), with Electron behind the DesktopShell seam: the data
 * directory under %LOCALAPPDATA% on Windows, the single-instance lock before any backend starts,
 * and a second instance that quits without starting one. (The Electron calls themselves —
 * app.setPath, requestSingleInstanceLock, utilityProcess — can only be reviewed here.)
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { desktopDataDir, startDesktop, type DesktopShell } from './startup'

function shell(
  over: Partial<DesktopShell> & { lock?: boolean; backendFails?: boolean } = {},
): DesktopShell & { log: string[] } {
  const log: string[] = []
  return {
    log,
    platform: 'linux',
    env: {},
    defaultUserData: () => '/home/u/.config/中小企业数字化水平评测',
    setUserData: (d) => void log.push(`setUserData ${d}`),
    requestSingleInstanceLock: () => {
      log.push('singleInstanceLock')
      return over.lock ?? true
    },
    quit: () => void log.push('quit'),
    whenReady: async () => void log.push('ready'),
    startBackend: async (d) => {
      log.push(`startBackend ${d}`)
      if (over.backendFails) throw new Error('数据目录 /x 正被另一个程序使用')
    },
    openWindow: () => void log.push('openWindow'),
    fatal: (_t, m) => void log.push(`fatal ${m}`),
    ...over,
  }
}

describe('desktop start', () => {
  it('takes the single-instance lock before anything starts the backend, then opens the window', async () => {
    const s = shell()
    expect(await startDesktop(s, 'dl')).toBe('started')
    const d = '/home/u/.config/中小企业数字化水平评测'
    expect(s.log).toEqual([
      `setUserData ${d}`,
      'singleInstanceLock',
      'ready',
      `startBackend ${d}`,
      'openWindow',
    ])
  })

  it('a second instance quits without starting a backend or waiting for ready', async () => {
    const s = shell({ lock: false })
    expect(await startDesktop(s, 'dl')).toBe('second-instance')
    expect(s.log).toEqual([
      'setUserData /home/u/.config/中小企业数字化水平评测',
      'singleInstanceLock',
      'quit',
    ])
  })

  it('a backend that cannot start is a fatal dialog with its reason, and no window', async () => {
    const s = shell({ backendFails: true })
    expect(await startDesktop(s, 'dl')).toBe('failed')
    expect(s.log.at(-1)).toBe('fatal 数据目录 /x 正被另一个程序使用')
    expect(s.log).not.toContain('openWindow')
  })

  it('on Windows the data lives under %LOCALAPPDATA% (not the roaming profile), set before the lock', async () => {
    const roaming = 'C:\\Users\\u\\AppData\\Roaming\\中小企业数字化水平评测'
    const local = 'C:\\Users\\u\\AppData\\Local'
    const s = shell({
      platform: 'win32',
      env: { LOCALAPPDATA: local, APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
      defaultUserData: () => roaming,
    })
    await startDesktop(s, '中小企业数字化水平评测')
    const want = join(local, '中小企业数字化水平评测')
    expect(s.log.slice(0, 2)).toEqual([`setUserData ${want}`, 'singleInstanceLock'])
    expect(s.log).toContain(`startBackend ${want}`)
    expect(desktopDataDir('win32', {}, roaming, 'x')).toBe(roaming) // no LOCALAPPDATA: Electron's
    expect(desktopDataDir('darwin', { LOCALAPPDATA: local }, '/Users/u/Library/x', 'x')).toBe(
      '/Users/u/Library/x',
    )
  })
})
