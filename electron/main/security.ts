/**
 * Electron security checklist (electronjs.org/docs/latest/tutorial/security), the parts that are
 * not per-window: a strict Content-Security-Policy on every response, no navigation away from our
 * page, no new windows, no permission prompts (camera, geolocation, USB, HID, serial …) granted,
 * no <webview>. The app is offline and has no outside links: nothing is handed to
 * shell.openExternal.
 */
import { app, session, type WebContents } from 'electron'
import { pathToFileURL } from 'node:url'

/**
 * The policy of renderer/index.html, repeated as a header for anything served over http(s). One
 * string literal so that reviewers and electronegativity read exactly what is sent. antd 6 injects
 * its CSS-in-JS as <style> elements, hence 'unsafe-inline' for styles only (never for scripts).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** file:// URL of the one page that may call the API. */
export function ownPageUrl(indexHtml: string): string {
  return pathToFileURL(indexHtml).href
}

/** True when `url` is our own page (ignoring query and hash). */
export function isOwnPage(url: string, indexHtml: string): boolean {
  try {
    const u = new URL(url)
    const own = new URL(ownPageUrl(indexHtml))
    return u.protocol === 'file:' && u.pathname === own.pathname
  } catch {
    return false
  }
}

export function hardenSession(): void {
  const ses = session.defaultSession
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    })
  })
  // The app needs no permission at all (no camera, microphone, notifications, geolocation …).
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.setDevicePermissionHandler(() => false)
  // Any web contents ever created (including one a bug might open) gets the same limits.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
}

export function hardenWebContents(contents: WebContents, indexHtml: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url, indexHtml)) event.preventDefault()
  })
  contents.on('will-frame-navigate', (event) => {
    if (!isOwnPage(event.url, indexHtml)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isOwnPage(url, indexHtml)) event.preventDefault()
  })
  // No new windows, and no hand-off to the system browser either.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-attach-webview', (event) => event.preventDefault())
}
