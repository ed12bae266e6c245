/**
 * Test helper (not a test): a real S3-compatible server, s3rver, on a free port of 127.0.0.1, its
 * objects in a fresh temporary directory, with one bucket. Start it in beforeAll, stop it in afterAll.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { S3Store, type S3StoreOptions } from '@/lib/attachments/s3-store';

export type TestS3Server = {
  endpoint: string;
  bucket: string;
  /** A store's options on the server's bucket (for a store built by the test itself). */
  options(extra?: Partial<S3StoreOptions>): S3StoreOptions;
  /** A store on the server's bucket (closed by stop()); a prefix keeps one test's objects apart. */
  store(options?: Partial<S3StoreOptions>): S3Store;
  stop(): Promise<void>;
};

/**
 * s3rver encrypts its ListObjectsV2 continuation tokens with DES, which the OpenSSL 3 of current
 * Node refuses (ERR_OSSL_EVP_UNSUPPORTED, s3rver issue #818): every truncated listing would fail.
 * In this test process only, DES becomes AES-128-CBC with the key and IV padded to its sizes. The
 * token stays opaque to the client, and both ends of the round trip are s3rver's, so paging works.
 */
function letS3rverPage(): void {
  try {
    crypto.createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
    return; // DES available: nothing to do
  } catch {
    // replaced below
  }
  const pad = (b: crypto.BinaryLike) => Buffer.concat([Buffer.from(b as Uint8Array), Buffer.alloc(16)]).subarray(0, 16);
  const { createCipheriv, createDecipheriv } = crypto;
  const patched = crypto as unknown as Record<'createCipheriv' | 'createDecipheriv', (algorithm: string, key: crypto.BinaryLike, iv: crypto.BinaryLike) => unknown>;
  patched.createCipheriv = (algorithm, key, iv) => (algorithm === 'des' ? createCipheriv('aes-128-cbc', pad(key), pad(iv)) : createCipheriv(algorithm, key, iv));
  patched.createDecipheriv = (algorithm, key, iv) => (algorithm === 'des' ? createDecipheriv('aes-128-cbc', pad(key), pad(iv)) : createDecipheriv(algorithm, key, iv));
}

/** s3rver's fixed credentials (it checks the signature like S3 does). */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function startS3Server(bucket = 'keytasks-test'): Promise<TestS3Server> {
  letS3rverPage();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'keytasks-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const stores: S3Store[] = [];
  const options = (extra: Partial<S3StoreOptions> = {}): S3StoreOptions => ({ endpoint, region: 'us-east-1', bucket, forcePathStyle: true, ...CREDENTIALS, ...extra });
  return {
    endpoint,
    bucket,
    options,
    store: (extra = {}) => {
      const store = new S3Store(options(extra));
      stores.push(store);
      return store;
    },
    stop: async () => {
      for (const store of stores) await store.close();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
