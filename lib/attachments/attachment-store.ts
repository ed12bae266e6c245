import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { FileStore } from './file-store';

/**
 * Where attachment bytes live, behind one interface: a directory (DATA_DIR/files, or a directory
 * every instance shares, e.g. NFS) or an S3-compatible object store (lib/attachments/s3-store.ts:
 * MinIO, 阿里云 OSS, 华为 OBS …). Both address a file by its SHA-256 with the same layout,
 * `ab/cd/<sha256>`, so identical files are stored once and a put is idempotent.
 *
 * The two differ in WHEN an upload writes its bytes (`writesInTransaction`), and so in how a file
 * nobody refers to may be removed (lib/attachments/attachment-service.ts, lib/storage/recovery.ts):
 * - directory: the write is local and fsynced, and runs inside the upload's write transaction, under
 *   the database write lock. While anyone holds that lock no upload is between its file and its
 *   row, so every unreferenced file seen under the lock is a leftover and may go at once.
 * - S3: the write is a network transfer and runs BEFORE the transaction (the write lock is never
 *   held during a transfer). An object may therefore exist for a while before its row: the upload
 *   confirms the object still exists inside its transaction (a small HEAD request, under the lock)
 *   and starts over if a removal got in between; the start-up sweep leaves unreferenced objects
 *   younger than `sweepGraceMs` alone (they may be uploads in flight on another instance).
 */
export interface AttachmentStore {
  readonly kind: 'directory' | 's3';
  /** true: put() runs inside the upload's write transaction; false: before it (see above). */
  readonly writesInTransaction: boolean;
  /** The sweep removes an unreferenced object only once it is this old (0: at once). */
  readonly sweepGraceMs: number;
  /** Stores the bytes (nothing to do when they are stored already); whether this call stored them. */
  put(bytes: Uint8Array): Promise<{ sha256: string; created: boolean }>;
  exists(sha256: string): Promise<boolean>;
  /** Removes the stored bytes; removing what is not there is not an error. */
  remove(sha256: string): Promise<void>;
  /** The stored bytes as a stream, with their size; null when there is no such file. */
  open(sha256: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number } | null>;
  /** Every stored hash. */
  list(): Promise<string[]>;
  /** Every stored hash with the time it was written (null where the store does not say: the directory, whose grace is 0). */
  listObjects(): Promise<StoredObject[]>;
  /** Removes what unfinished writes left behind (the directory's temporary files); how many. Under the write lock. */
  sweepTemporaries(): Promise<number>;
  /** Releases connections (scripts call it before they exit). */
  close(): Promise<void>;
}

export type StoredObject = { sha256: string; modifiedAt: Date | null };

/** The SHA-256 (hex) attachments are addressed by. */
export function sha256Of(bytes: Uint8Array): string {
  return FileStore.hash(bytes);
}

/** `ab/cd/<sha256>`: a file's place in either store (relative path, object key without prefix). */
export function storedName(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('invalid hash');
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/**
 * Today's FileStore (files/ab/cd/<sha256>, temporary file + fsync + rename) behind the interface.
 * FileStore itself keeps its synchronous methods: lib/backup and the tests use it directly.
 */
export class DirectoryStore implements AttachmentStore {
  readonly kind = 'directory' as const;
  readonly writesInTransaction = true;
  readonly sweepGraceMs = 0;

  constructor(readonly files: FileStore) {}

  static at(root: string): DirectoryStore {
    return new DirectoryStore(new FileStore(root));
  }

  async put(bytes: Uint8Array): Promise<{ sha256: string; created: boolean }> {
    return this.files.put(bytes);
  }

  async exists(sha256: string): Promise<boolean> {
    return this.files.exists(sha256);
  }

  async remove(sha256: string): Promise<void> {
    this.files.remove(sha256);
  }

  async open(sha256: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number } | null> {
    let handle: FileHandle;
    try {
      handle = await fs.promises.open(this.files.pathFor(sha256), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      const { size } = await handle.stat();
      // The stream owns the handle from here: closed at the end, on an error or when the reader cancels.
      const stream = Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
      return { stream, size };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  async list(): Promise<string[]> {
    return this.files.list();
  }

  async listObjects(): Promise<StoredObject[]> {
    // No stat per file: with a grace of 0 the sweep never asks how old a file is.
    return this.files.list().map((sha256) => ({ sha256, modifiedAt: null }));
  }

  async sweepTemporaries(): Promise<number> {
    const temps = this.files.tempFiles();
    for (const file of temps) fs.rmSync(file, { force: true });
    return temps.length;
  }

  async close(): Promise<void> {}
}

/** What the services accept: a store, or a FileStore (the directory store over it). */
export type StoreArg = AttachmentStore | FileStore;

const overFiles = new WeakMap<FileStore, DirectoryStore>();

/** A FileStore becomes the directory store over it (one per FileStore); a store stays itself. */
export function toAttachmentStore(store: StoreArg): AttachmentStore {
  if (!(store instanceof FileStore)) return store;
  let directory = overFiles.get(store);
  if (!directory) {
    directory = new DirectoryStore(store);
    overFiles.set(store, directory);
  }
  return directory;
}
