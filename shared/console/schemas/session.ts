import { z } from 'zod'

export const STAFF_ROLES = ['viewer', 'reviewer', 'admin'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  viewer: '查看',
  reviewer: '审核',
  admin: '管理员',
}
/** viewer < reviewer < admin */
export function roleAtLeast(role: StaffRole, min: StaffRole): boolean {
  return STAFF_ROLES.indexOf(role) >= STAFF_ROLES.indexOf(min)
}

export const USERNAME = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, '用户名须为 2–32 位小写字母、数字或 . _ -')

export const StaffUser = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(STAFF_ROLES),
})
export type StaffUser = z.infer<typeof StaffUser>

export const LoginInput = z.strictObject({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(256),
})
export const SessionView = z.object({
  user: StaffUser,
  /** Sent back in the X-DL-CSRF header of every call. */
  csrfToken: z.string(),
  expiresAt: z.string(),
})
export const LogoutResult = z.object({ ok: z.literal(true) })
