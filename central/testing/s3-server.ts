/**
 * An S3-compatible server on this machine for tests and the bench: s3rver (npm, dev dependency),
 * on 127.0.0.1 and a port from the OS, files in a temp dir. Path-style URLs; credentials are
 * s3rver's fixed S3RVER / S3RVER; bucket names need at least 3 characters.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// @ts-expect-error s3rver ships no type declarations
import S3rver from 's3rver'
import type { S3BackendConfig } from '../evidence/s3'

export interface TestS3 {
  endpoint: string
  config(bucket?: string, prefix?: string): S3BackendConfig
  /** Environment for a central process using this server (CENTRAL_EVIDENCE_STORE=s3 …). */
  env(bucket?: string, prefix?: string): Record<string, string>
  close(): Promise<void>
}

export const TEST_BUCKET = 'dl-evidence'

export async function startS3(buckets: string[] = [TEST_BUCKET]): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'dl-s3rver-'))
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  }) as { run(): Promise<AddressInfo>; close(): Promise<void> }
  const addr = await server.run()
  const endpoint = `http://127.0.0.1:${addr.port}`
  return {
    endpoint,
    config: (bucket = TEST_BUCKET, prefix) => ({
      bucket,
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      ...(prefix ? { prefix } : {}),
    }),
    env: (bucket = TEST_BUCKET, prefix) => ({
      CENTRAL_EVIDENCE_STORE: 's3',
      CENTRAL_S3_BUCKET: bucket,
      CENTRAL_S3_ENDPOINT: endpoint,
      CENTRAL_S3_REGION: 'us-east-1',
      CENTRAL_S3_FORCE_PATH_STYLE: '1',
      ...(prefix ? { CENTRAL_S3_PREFIX: prefix } : {}),
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    }),
    async close() {
      await server.close()
      rmSync(directory, { recursive: true, force: true })
    },
  }
}
