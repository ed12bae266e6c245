/**
 * .docx and .xlsx files are zip archives. Before mammoth or exceljs open one, this reads its central
 * directory (to tell Word from Excel, and to see what it claims to hold) and refuses zip bombs.
 *
 * The limits are the attachments' (lib/attachments/file-policy.ts): one policy for every uploaded
 * Office file. That module checks the sizes the entries declare; here the entries are also inflated
 * once with the declared size as a hard cap, because a forged header can declare 1 KB and inflate to
 * gigabytes, and neither mammoth nor exceljs (JSZip underneath) checks the declared size.
 */
import { inflateRawSync } from 'node:zlib';
import { MAX_UNZIPPED_BYTES, MAX_ZIP_RATIO } from '@/lib/attachments/file-policy';

export { MAX_UNZIPPED_BYTES, MAX_ZIP_RATIO };

export type ZipEntry = {
  name: string;
  method: number; // 0 stored, 8 deflated
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
};

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06);
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/**
 * The entries listed in the central directory, or null when the archive is unreadable (truncated,
 * not a zip, or ZIP64 — an Office file under the upload limit never needs ZIP64, so one that uses it
 * is treated as damaged rather than parsed).
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is the last 22 bytes plus a comment of up to 65535 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return null;
  if (offset + size > eocd) return null;

  const entries: ZipEntry[] = [];
  const utf8 = new TextDecoder('utf-8');
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CENTRAL_SIGNATURE) return null;
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const uncompressedSize = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const localHeaderOffset = view.getUint32(p + 42, true);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) return null;
    if (p + 46 + nameLength > eocd) return null;
    // Office writes ASCII names; UTF-8 covers the rest well enough for a directory listing.
    const name = utf8.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** What the declared sizes say: over 200 MB in all, or over 100 times the file, is refused. */
export function declaredExpansionProblem(entries: readonly ZipEntry[], fileBytes: number): string | null {
  const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (total > MAX_UNZIPPED_BYTES || total > fileBytes * MAX_ZIP_RATIO) return bombMessage(total);
  return null;
}

/**
 * Inflates every entry with its declared size as the cap, so that no entry can expand past what the
 * directory claims (and hence past the limits checked above). Returns a message, or null when the
 * archive is sound. Costs one decompression of at most MAX_UNZIPPED_BYTES.
 */
export function actualExpansionProblem(bytes: Uint8Array, entries: readonly ZipEntry[]): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const e of entries) {
    if (e.compressedSize === 0) continue;
    const h = e.localHeaderOffset;
    if (h + 30 > bytes.length || view.getUint32(h, true) !== LOCAL_SIGNATURE) return DAMAGED;
    // The local header's name and extra field may differ in length from the central directory's.
    const start = h + 30 + view.getUint16(h + 26, true) + view.getUint16(h + 28, true);
    const end = start + e.compressedSize;
    if (end > bytes.length) return DAMAGED;
    if (e.method === 0) {
      if (e.compressedSize !== e.uncompressedSize) return DAMAGED;
      continue;
    }
    if (e.method !== 8) return DAMAGED; // Office uses only stored and deflated entries
    try {
      inflateRawSync(bytes.subarray(start, end), { maxOutputLength: Math.max(1, e.uncompressedSize) });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return bombMessage(Number.POSITIVE_INFINITY);
      return DAMAGED;
    }
  }
  return null;
}

const DAMAGED = '文件已损坏（压缩包结构无效），无法打开';

function bombMessage(total: number): string {
  const size = Number.isFinite(total) ? `约 ${Math.round(total / 1024 / 1024)} MB` : '远超其声明的大小';
  return `文件解压后体积异常（${size}），疑似压缩炸弹，已拒绝读取`;
}
