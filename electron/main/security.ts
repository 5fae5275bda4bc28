/**
 * Electron security checklist (electronjs.org/docs/latest/tutorial/security), the parts that are
 * not per-window: a strict Content-Security-Policy on every response, no navigation away from our
 * page, no new windows, no permission prompts (camera, geolocation …) granted.
 */
import { session, shell, type WebContents } from 'electron'
import { pathToFileURL } from 'node:url'

/** The policy of renderer/index.html, repeated as a header for anything served over http(s). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // antd 6 injects its CSS-in-JS as <style> elements.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

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
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
}

export function hardenWebContents(contents: WebContents, indexHtml: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url, indexHtml)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isOwnPage(url, indexHtml)) event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the outside (e.g. the MIIT notice) open in the system browser, never in the app.
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}
