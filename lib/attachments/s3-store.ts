import crypto from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import type { AppEnv } from '@/lib/env';
import { sha256Of, storedName, type AttachmentStore, type StoredObject } from './attachment-store';

/**
 * How old an unreferenced object must be before the sweep removes it. An upload stores its object
 * first and inserts its row afterwards, in its own transaction (the write lock is never held during
 * the transfer): an object without a row may be an upload in flight on another instance, between
 * its PUT and its commit. An hour is far longer than any upload takes; a real leftover (an instance
 * killed between the two) is simply removed by a later sweep.
 */
export const S3_SWEEP_GRACE_MS = 60 * 60 * 1000;

/** Requests made while the database write lock is held (HEAD, DELETE): small, and never waited on for long. */
const LOCKED_REQUEST_MS = 15_000;

export type S3StoreOptions = {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Keys start with it (`keytasks/` → `keytasks/ab/cd/<sha256>`); empty for the bucket's root. */
  prefix?: string;
  /** Path-style URLs (http://host/bucket/key): MinIO and most self-hosted stores need them. */
  forcePathStyle: boolean;
  sweepGraceMs?: number;
  /** Keys per listing page (the service's own default, 1000, unless a test wants several pages). */
  listPageSize?: number;
};

/** The store's options from the validated environment (ATTACHMENT_STORE=s3: lib/env.ts checked they are all there). */
export function s3StoreOptions(env: Pick<AppEnv, 'S3_ENDPOINT' | 'S3_REGION' | 'S3_BUCKET' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'S3_PREFIX' | 'S3_FORCE_PATH_STYLE'>): S3StoreOptions {
  if (!env.S3_ENDPOINT || !env.S3_BUCKET || !env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY) throw new Error('S3 存储参数不完整');
  return {
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    bucket: env.S3_BUCKET,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    prefix: env.S3_PREFIX,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
  };
}

/** `a/b/` from `a/b`, `/a/b/` or `a/b/`; empty stays empty. */
function normalisePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed ? `${trimmed}/` : '';
}

/** Not there: HEAD answers a bare 404 ("NotFound"), GET a NoSuchKey. A missing bucket is an error, not a missing file. */
function isMissing(err: unknown): boolean {
  if (!(err instanceof S3ServiceException)) return false;
  if (err.name === 'NoSuchKey' || err.name === 'NotFound') return true;
  return err.$metadata?.httpStatusCode === 404 && err.name !== 'NoSuchBucket';
}

/**
 * Attachments in an S3-compatible bucket (MinIO, 阿里云 OSS, 华为 OBS, AWS S3), one object per
 * file under `<prefix>ab/cd/<sha256>`. A PUT of a single object is atomic: a reader sees the whole
 * object or none, so there are no temporary objects to clean up (no multipart uploads are used:
 * attachments are at most MAX_UPLOAD_MB, 200 MB).
 *
 * The credentials only go to the SDK's client; they are never logged nor part of an error message.
 */
export class S3Store implements AttachmentStore {
  readonly kind = 's3' as const;
  readonly writesInTransaction = false;
  readonly sweepGraceMs: number;
  readonly bucket: string;
  readonly prefix: string;
  /** For messages: the endpoint's host, never a credential. */
  readonly endpointHost: string;
  private readonly client: S3Client;
  private readonly listPageSize: number | undefined;

  constructor(options: S3StoreOptions) {
    this.bucket = options.bucket;
    this.prefix = normalisePrefix(options.prefix);
    this.endpointHost = new URL(options.endpoint).host;
    this.sweepGraceMs = options.sweepGraceMs ?? S3_SWEEP_GRACE_MS;
    this.listPageSize = options.listPageSize;
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // Checksums only where an operation requires one: many S3-compatible stores refuse the newer
      // CRC headers and aws-chunked bodies. A PUT carries Content-MD5 instead, which they all check.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: 10_000 },
      maxAttempts: 3,
    });
  }

  keyFor(sha256: string): string {
    return this.prefix + storedName(sha256);
  }

  /** Skips the transfer when the object is there already (content addressing: same key, same bytes). */
  async put(bytes: Uint8Array): Promise<{ sha256: string; created: boolean }> {
    const sha256 = sha256Of(bytes);
    if (await this.exists(sha256)) return { sha256, created: false };
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.keyFor(sha256),
        Body: bytes,
        ContentLength: bytes.byteLength,
        ContentType: 'application/octet-stream',
        ContentMD5: crypto.createHash('md5').update(bytes).digest('base64'),
      }),
    );
    return { sha256, created: true };
  }

  async exists(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyFor(sha256) }), { abortSignal: AbortSignal.timeout(LOCKED_REQUEST_MS) });
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  /** S3 answers a DELETE of a missing key with success, as remove() promises. */
  async remove(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyFor(sha256) }), { abortSignal: AbortSignal.timeout(LOCKED_REQUEST_MS) });
  }

  async open(sha256: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number } | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyFor(sha256) }));
      if (!out.Body) return null;
      return { stream: out.Body.transformToWebStream() as ReadableStream<Uint8Array>, size: out.ContentLength ?? 0 };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async list(): Promise<string[]> {
    return (await this.listObjects()).map((o) => o.sha256);
  }

  /** Every object under the prefix that is named like an attachment (other keys are left alone), page by page. */
  async listObjects(): Promise<StoredObject[]> {
    const found: StoredObject[] = [];
    let token: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix || undefined, ContinuationToken: token, MaxKeys: this.listPageSize }));
      } catch (err) {
        // At start-up this is the first request: say which store failed (a wrong endpoint, bucket or key).
        const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        throw new Error(`无法读取 S3 存储桶 ${this.bucket}（${this.endpointHost}）中的附件：${reason}`, { cause: err });
      }
      for (const item of page.Contents ?? []) {
        const name = item.Key?.slice(this.prefix.length) ?? '';
        const match = /^([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/.exec(name);
        if (!match || !match[3]!.startsWith(match[1]! + match[2]!)) continue;
        found.push({ sha256: match[3]!, modifiedAt: item.LastModified ?? null });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found;
  }

  /** Nothing half-written is ever visible in a bucket (see the class comment). */
  async sweepTemporaries(): Promise<number> {
    return 0;
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
