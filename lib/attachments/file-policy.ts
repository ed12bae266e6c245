import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import JSZip from 'jszip';
import { fail, ok, type Result } from '@/lib/result';

/** What may be attached: office documents, PDF and photos. Checked by the bytes, not the name. */
export const ALLOWED_EXTENSIONS = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'jpg', 'png'] as const;
export type AllowedExtension = (typeof ALLOWED_EXTENSIONS)[number];
export const MAX_ATTACHMENTS_PER_OWNER = 20;
export const MAX_FILE_NAME_LENGTH = 100;

const MIME_BY_EXT: Record<AllowedExtension, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  jpg: 'image/jpeg',
  png: 'image/png',
};

export const IMAGE_MIMES = new Set(['image/jpeg', 'image/png']);

/**
 * A file name safe to store and show: no directories, no control characters or NUL, not longer
 * than 100 characters (the extension kept). Never used as a path on disk.
 */
export function sanitizeFileName(raw: string): string {
  const noControl = raw.replace(/[\u0000-\u001f\u007f]/g, '');
  const base = noControl.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/^\.+/, '').replace(/[<>:"|?*]/g, '_').trim();
  const chars = Array.from(cleaned);
  if (chars.length === 0) return '附件';
  if (chars.length <= MAX_FILE_NAME_LENGTH) return cleaned;
  const ext = path.extname(cleaned).slice(0, 10);
  return Array.from(cleaned.slice(0, cleaned.length - ext.length)).slice(0, MAX_FILE_NAME_LENGTH - Array.from(ext).length).join('') + ext;
}

function extensionOf(name: string): string {
  return path.extname(name).slice(1).toLowerCase();
}

/** A file that may be attached (its real type and the name to store), or why not. */
export type FileCheck = Result<{ ext: AllowedExtension; mime: string; fileName: string }>;

/** A name a browser would never send: a path, control characters or NUL, or absurd length. */
export function fileNameProblem(raw: string): string | null {
  if (/[\u0000-\u001f\u007f]/.test(raw)) return '文件名含有非法字符';
  if (/[\\/]/.test(raw) || /^\.\.?$/.test(raw)) return '文件名不能包含路径';
  if (Array.from(raw).length > 255) return '文件名过长（最多 255 个字符）';
  return null;
}

/** Office documents are zip files: refuse one that would expand to far more than it weighs. */
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;
export const MAX_ZIP_RATIO = 100;

async function zipBombProblem(bytes: Uint8Array): Promise<string | null> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false });
  } catch {
    return '文件已损坏，无法打开';
  }
  let total = 0;
  for (const entry of Object.values(zip.files)) {
    // Declared sizes from the central directory: nothing is decompressed here.
    const size = (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
    total += size;
  }
  if (total > MAX_UNZIPPED_BYTES || total > bytes.byteLength * MAX_ZIP_RATIO) return '文件解压后体积异常（疑似压缩炸弹）';
  return null;
}

/** Decides from the bytes whether a file may be attached, with a message for the user if not. */
export async function checkFile(bytes: Uint8Array, rawName: string, maxBytes: number): Promise<FileCheck> {
  const nameProblem = fileNameProblem(rawName);
  if (nameProblem) return fail(`${nameProblem}，请改名后重新上传`);
  const fileName = sanitizeFileName(rawName);
  if (bytes.byteLength === 0) return fail(`“${fileName}”是空文件`);
  if (bytes.byteLength > maxBytes) {
    return fail(`“${fileName}”超过 ${Math.round(maxBytes / 1024 / 1024)} MB 的大小限制`);
  }
  // Any zip container (docx, xlsx, pptx or a disguised zip) is checked for a zip bomb first.
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    const bomb = await zipBombProblem(bytes);
    if (bomb) return fail(`“${fileName}”${bomb}`);
  }
  const detected = await fileTypeFromBuffer(bytes);
  const nameExt = extensionOf(fileName);
  let ext: AllowedExtension | null = null;
  if (detected) {
    if (detected.ext === 'cfb') {
      // Old Office formats share one container (CFB); the name tells Word, Excel or PowerPoint apart.
      if (nameExt === 'doc' || nameExt === 'xls' || nameExt === 'ppt') ext = nameExt;
    } else if ((ALLOWED_EXTENSIONS as readonly string[]).includes(detected.ext)) {
      ext = detected.ext as AllowedExtension;
    }
  }
  if (!ext) {
    return fail(`“${fileName}”的文件内容不是允许的类型（仅限 PDF、Word、Excel、PowerPoint、JPG、PNG）`);
  }
  // The stored name carries the real type, whatever the uploader called it.
  const finalName = nameExt === ext || (ext === 'jpg' && nameExt === 'jpeg') ? fileName : `${fileName}.${ext}`;
  return ok({ ext, mime: MIME_BY_EXT[ext], fileName: sanitizeFileName(finalName) });
}
