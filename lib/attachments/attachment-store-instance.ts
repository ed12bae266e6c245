import path from 'node:path';
import { getEnv, type AppEnv } from '@/lib/env';
import { DirectoryStore, toAttachmentStore, type AttachmentStore } from './attachment-store';
import { fileStore } from './file-store-instance';
import { S3Store, s3StoreOptions } from './s3-store';

let s3: S3Store | undefined;

/**
 * The server's attachment store, as ATTACHMENT_STORE says: the S3-compatible bucket (one client per
 * process), or the directory DATA_DIR/files (through fileStore(), its one handle, which tests replace
 * with a temporary directory).
 */
export function attachmentStore(): AttachmentStore {
  const env = getEnv();
  if (env.ATTACHMENT_STORE === 's3') {
    s3 ??= new S3Store(s3StoreOptions(env));
    return s3;
  }
  return toAttachmentStore(fileStore());
}

/** A store of its own for a command-line script (scripts/setup-data.ts); `close()` it when done. */
export function createAttachmentStore(env: AppEnv): AttachmentStore {
  return env.ATTACHMENT_STORE === 's3' ? new S3Store(s3StoreOptions(env)) : DirectoryStore.at(path.join(env.dataDir, 'files'));
}

