/**
 * Evidence in S3-compatible object storage (issue 16 §4), through the AWS SDK v3. Configured by
 * environment (config.ts): bucket, optional key prefix, endpoint and region; credentials by the
 * SDK's usual chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, instance roles, …).
 *
 * Assembling an upload reads its parts twice: once to check the SHA-256 (nothing is written for
 * a wrong file), once streamed into one PutObject of the known length. Checksums are only sent
 * where the API requires them, so servers that do not speak the newer checksum headers work.
 */
import { randomBytes } from 'node:crypto'
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import {
  DeleteObjectsCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3'
import { checkPartName, evidenceName, PART_RE, type EvidenceBackend } from './backend'

export interface S3BackendConfig {
  bucket: string
  /** Key prefix inside the bucket ('' or ending without a slash, e.g. 'hebi'). */
  prefix?: string
  endpoint?: string
  region?: string
  /** Path-style URLs (http://host/bucket/key): MinIO, s3rver, most non-AWS servers. */
  forcePathStyle?: boolean
  credentials?: { accessKeyId: string; secretAccessKey: string }
}

export class S3Backend implements EvidenceBackend {
  readonly description: string
  private readonly client: S3Client
  private readonly bucket: string
  private readonly prefix: string

  constructor(cfg: S3BackendConfig) {
    this.bucket = cfg.bucket
    this.prefix = cfg.prefix ? `${cfg.prefix.replace(/\/+$/, '')}/` : ''
    this.description = `s3://${cfg.bucket}/${this.prefix}`
    const c: S3ClientConfig = {
      region: cfg.region ?? 'us-east-1',
      forcePathStyle: cfg.forcePathStyle ?? false,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
      ...(cfg.credentials ? { credentials: cfg.credentials } : {}),
    }
    this.client = new S3Client(c)
  }

  private key(name: string): string {
    return this.prefix + name
  }

  async putPart(name: string, bytes: Uint8Array): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.key(checkPartName(name)),
        Body: bytes,
        ContentLength: bytes.length,
      }),
    )
  }

  async deleteParts(names: readonly string[]): Promise<void> {
    for (let i = 0; i < names.length; i += 1000) {
      const batch = names.slice(i, i + 1000).map((n) => ({ Key: this.key(checkPartName(n)) }))
      if (batch.length === 1)
        await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: batch[0]!.Key }))
      else if (batch.length)
        await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: batch, Quiet: true },
          }),
        )
    }
  }

  private async body(key: string): Promise<Readable> {
    const r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))
    if (!(r.Body instanceof Readable)) throw new Error('S3 GetObject: no body stream')
    return r.Body
  }

  private async *concat(parts: readonly string[]): AsyncGenerator<Buffer> {
    for (const p of parts)
      for await (const chunk of await this.body(this.key(checkPartName(p)))) yield chunk as Buffer
  }

  async assemble(
    sha: string,
    parts: readonly string[],
    size: number,
    store: boolean,
  ): Promise<string> {
    const h = createHash('sha256')
    let length = 0
    for await (const b of this.concat(parts)) {
      h.update(b)
      length += b.length
    }
    const digest = h.digest('hex')
    if (store && digest === sha && length === size)
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.key(evidenceName(sha)),
          Body: size === 0 ? new Uint8Array(0) : Readable.from(this.concat(parts)),
          ContentLength: size,
        }),
      )
    return digest
  }

  read(sha: string): Promise<Readable> {
    return this.body(this.key(evidenceName(sha)))
  }

  async exists(sha: string): Promise<boolean> {
    try {
      await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(evidenceName(sha)) }),
      )
      return true
    } catch (e) {
      if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
        return false
      throw e
    }
  }

  async staleParts(beforeMs: number): Promise<string[]> {
    const out: string[] = []
    let token: string | undefined
    do {
      const r = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.key('parts/'),
          ...(token ? { ContinuationToken: token } : {}),
        }),
      )
      for (const o of r.Contents ?? []) {
        const name = o.Key?.slice(this.prefix.length)
        if (name && PART_RE.test(name) && (o.LastModified?.getTime() ?? 0) < beforeMs)
          out.push(name)
      }
      token = r.IsTruncated ? r.NextContinuationToken : undefined
    } while (token)
    return out
  }

  async probe(instanceId: string): Promise<void> {
    const key = this.key(`probe/${instanceId}-${randomBytes(4).toString('hex')}`)
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: randomBytes(512),
        ContentLength: 512,
      }),
    )
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }))
  }

  destroy(): void {
    this.client.destroy()
  }
}
