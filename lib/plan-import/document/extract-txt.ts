/**
 * Plain text notices. Offices save text from Notepad (UTF-8, often with a BOM; older Windows:
 * "ANSI", i.e. GBK), from WPS or from Word's "plain text" (GB18030 or UTF-16 with a BOM).
 */
import { DocumentExtractError, displayName } from './document-error';
import { documentFromText, type NoticeDocument } from './document';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/**
 * Decodes text by its BOM, else as UTF-8 if it is valid UTF-8, else as GB18030 (a superset of GBK
 * and GB2312). Valid UTF-8 is a strong signal: Chinese text in GBK is practically never valid UTF-8.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

export function hasUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/**
 * Whether bytes are binary rather than text: a NUL byte, or more than 1% control characters other
 * than tab, newlines, form feed and ESC, in the first 64 KB. (Text in UTF-16 is checked by its BOM
 * first: its NUL bytes are expected.)
 */
export function looksBinary(bytes: Uint8Array): boolean {
  if (hasUtf16Bom(bytes)) return false;
  const n = Math.min(bytes.length, 64 * 1024);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  return control > n / 100;
}

export function extractTxt(bytes: Uint8Array, fileName: string): NoticeDocument {
  if (looksBinary(bytes)) {
    throw new DocumentExtractError(`“${displayName(fileName)}”不是文本文件（内容是二进制数据）：请上传 Word、Excel、PDF、网页或纯文本格式的通知。`);
  }
  const { text } = decodeText(bytes);
  if (text.trim() === '') throw new DocumentExtractError(`“${displayName(fileName)}”中没有文字。`);
  return documentFromText(text, fileName);
}
