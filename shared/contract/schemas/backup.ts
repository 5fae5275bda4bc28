import { z } from 'zod'

/** backup.create: where to write; default <dataDir>/backups/manual-<time>.dlbackup */
export const CreateBackupInput = z.object({
  path: z.string().min(1, '备份文件路径不能为空').optional(),
})

export const BackupInfo = z.object({
  path: z.string(),
  size: z.int(),
  /** SHA-256 of the whole backup file (hex) */
  sha256: z.string(),
  createdAt: z.string(),
  encrypted: z.boolean(),
  evidenceFiles: z.int(),
})

export const RestoreBackupInput = z.object({
  path: z.string().min(1, '备份文件路径不能为空'),
})

export const RestoreResult = z.object({
  path: z.string(),
  /** when the backup was made */
  createdAt: z.string(),
  schemaVersion: z.string(),
  enterprises: z.int(),
  assessments: z.int(),
  evidenceFiles: z.int(),
})
