/**
 * The PDF signing credential of a report ('reports.render', 'recheck.report'): the .p12/.pfx the
 * caller passes, or — when only a password is given — the default certificate of the assessor
 * profile (profile.service). Errors are VALIDATION in plain Chinese naming the field.
 */
import { fail } from '../../../shared/contract/errors'
import { getAssessorProfile } from '../db/repos/assessor-profile.repo'
import type { Executor } from '../db/tx'
import { CredentialError, loadP12, type SigningCredential } from '../pdf/certificates'

/** What went wrong with a .p12, said for the assessor, with what to do. */
export function credentialMessage(e: CredentialError): string {
  const m = e.message
  if (/no private key/.test(m))
    return '证书文件不含私钥：请从证书管理工具重新导出“包含私钥”的 .p12/.pfx 文件'
  if (/no certificate/.test(m) || /matches its private key/.test(m))
    return '证书文件中没有与私钥匹配的证书：请向发证机构重新获取 .p12/.pfx 证书文件'
  if (/unsupported format/.test(m))
    return '证书私钥的格式不受支持：请导出 RSA 或 ECDSA 密钥的 .p12/.pfx 证书'
  return '证书无法打开：证书密码不正确，或文件不是完整的 .p12/.pfx 证书。请核对证书密码；仍不行时请向发证机构重新获取证书文件'
}

/** Opens a .p12; CredentialError becomes VALIDATION on `field`. */
export function openP12(bytes: Uint8Array, password: string, field: string): SigningCredential {
  try {
    return loadP12(bytes, password)
  } catch (e) {
    if (e instanceof CredentialError) throw fail.validation(credentialMessage(e), field)
    throw e
  }
}

/**
 * The credential for `sign`: its own .p12 when given, else the profile's default certificate;
 * undefined when the report is not to be signed.
 */
export async function signingCredential(
  db: Executor,
  sign: { p12Base64?: string | undefined; password: string } | undefined,
): Promise<SigningCredential | undefined> {
  if (!sign) return undefined
  if (sign.p12Base64)
    return openP12(Buffer.from(sign.p12Base64, 'base64'), sign.password, 'sign.password')
  const p = await getAssessorProfile(db)
  if (!p?.certP12)
    throw fail.validation(
      '没有选择签名证书，评测人员资料中也没有默认证书：请选择 .p12/.pfx 证书文件，或在「评测人员资料」中设置默认证书',
      'sign.p12Base64',
    )
  return openP12(new Uint8Array(p.certP12), sign.password, 'sign.password')
}
