import path from 'node:path';
import { getEnv } from '@/lib/env';
import { FileStore } from './file-store';

let store: FileStore | undefined;

/**
 * The directory DATA_DIR/files. The server reaches its attachments through attachmentStore()
 * (attachment-store-instance.ts), which is this directory unless ATTACHMENT_STORE=s3.
 */
export function fileStore(): FileStore {
  store ??= new FileStore(path.join(getEnv().dataDir, 'files'));
  return store;
}

export function maxUploadBytes(): number {
  return getEnv().MAX_UPLOAD_MB * 1024 * 1024;
}
