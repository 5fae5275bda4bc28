/**
 * Failures of the central service said for the assessor (issue 14): what happened in plain
 * Chinese and what to do. The central service's own code stays in parentheses for support;
 * raw texts like 「fetch failed」 never reach the screen.
 */

/** The central service answered with an error code (SyncHttpError). */
const REFUSALS: Readonly<Record<string, string>> = {
  'auth-missing': '中心服务没有收到本机的签名信息：请把本程序升级到最新版本后重试',
  'auth-skew': '本机时间与中心服务相差过大：请把电脑的日期和时间校准（自动同步时间）后重试',
  'auth-unknown-key':
    '中心服务还不认识本机的签名密钥：请先在「中心服务」中点「向中心登记」，并请市级中心批准',
  'auth-key-pending': '本机的签名密钥已登记，尚待市级中心批准：批准后再发送（无需重新登记）',
  'auth-key-revoked': '本机的签名密钥已被市级中心停用：请联系市级中心管理员',
  'auth-bad-signature': '中心服务验证本机签名失败：请确认签名密钥未被更换，或重新向中心登记',
  'auth-replay': '中心服务拒绝了重复的请求：请稍后再试一次',
  'invalid-bundle': '中心服务认为签名包无效：请核对后重新签名；仍不行请联系市级中心',
  'bad-request': '中心服务无法理解本机的请求：请把本程序升级到最新版本',
  'not-found': '中心服务上没有所请求的内容：请确认中心服务地址正确',
}

export function refusalText(code: string, status?: number): string {
  const known = REFUSALS[code]
  if (known) return `${known}（${code}）`
  if (status !== undefined && status >= 500)
    return `中心服务暂时出错：请稍后重试；多次失败请联系市级中心（HTTP ${status}）`
  return `中心服务拒绝了请求：请联系市级中心管理员（${code}${status ? `，HTTP ${status}` : ''}）`
}

/** Codes and names of a network failure (undici puts the system error in `cause`). */
function errorSignals(e: unknown): string {
  const parts: string[] = []
  let cur: unknown = e
  for (let i = 0; i < 4 && cur; i++) {
    if (cur instanceof Error) {
      parts.push(cur.name, cur.message)
      const code = (cur as { code?: unknown }).code
      if (typeof code === 'string') parts.push(code)
      cur = (cur as { cause?: unknown }).cause
    } else {
      parts.push(String(cur))
      break
    }
  }
  return parts.join(' ')
}

/** The central service could not be reached at all. */
export function connectionText(e: unknown): string {
  const s = errorSignals(e)
  if (/ECONNREFUSED/.test(s))
    return '中心服务没有响应（连接被拒绝）：请确认中心服务地址和端口正确、中心服务已启动，然后重试'
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(s))
    return '找不到中心服务器（地址无法解析）：请检查中心服务地址的拼写和本机的网络连接'
  if (/Timeout|ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|AbortError|aborted/i.test(s))
    return '连接中心服务超时：请检查网络连接后重试（离线时签名包会留在发送队列中，联网后再发送）'
  if (/CERT|certificate|SSL|TLS/i.test(s))
    return '中心服务的安全证书不受信任或已过期：请联系市级中心管理员'
  if (/Invalid URL|Failed to parse URL|ERR_INVALID_URL/i.test(s))
    return '中心服务地址格式不正确：应以 http:// 或 https:// 开头，例如 https://sync.hebi.example'
  if (/ECONNRESET|EPIPE|UND_ERR_SOCKET|other side closed/i.test(s))
    return '与中心服务的连接中断：请稍后重试'
  if (/ENETUNREACH|EHOSTUNREACH/.test(s))
    return '本机无法连到中心服务所在的网络：请检查网络连接（或代理设置）后重试'
  return '无法连接中心服务：请检查网络连接和中心服务地址后重试'
}

/**
 * An outbox row's stored reason ('auth-key-pending: key … is pending', 'fetch failed', a
 * receipt problem) as shown in the list.
 */
export function outboxReasonText(stored: string): string {
  const m = /^([a-z]+(?:-[a-z]+)+): /.exec(stored)
  if (m?.[1]) return refusalText(m[1])
  if (/[\u4e00-\u9fff]/.test(stored)) return stored
  if (/receipt/i.test(stored))
    return `中心服务的回执未通过验证：请确认中心服务公钥未变，或联系市级中心（${stored.slice(0, 120)}）`
  return connectionText(new Error(stored))
}
