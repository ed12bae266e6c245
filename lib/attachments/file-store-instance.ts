import path from 'node:path';
import { getEnv } from '@/lib/env';
import { FileStore } from './file-store';

let store: FileStore | undefined;

/** The server's attachment store under DATA_DIR/files. */
export function fileStore(): FileStore {
  store ??= new FileStore(path.join(getEnv().dataDir, 'files'));
  return store;
}

export function maxUploadBytes(): number {
  return getEnv().MAX_UPLOAD_MB * 1024 * 1024;
}
