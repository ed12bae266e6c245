/**
 * A notice saved from a government website (.html / .htm).
 *
 * Such pages are often GBK/GB2312 (declared by <meta>), and most of the page is site chrome:
 * header, navigation, breadcrumbs, share and print links, footer. The article body sits in a
 * container whose class or id the site's CMS gives away (TRS: `TRS_Editor`; many sites: `zoom`,
 * `Custom_UnionStyle`, `pages_content`, …): when one is found, only it is read (with the page's
 * <h1> before it, which CMS templates keep outside the body); otherwise the whole body, with the
 * obvious chrome removed.
 */
import type { HTMLElement } from 'node-html-parser';
import { DocumentExtractError, displayName } from './document-error';
import type { NoticeDocument } from './document';
import { decodeText, looksBinary } from './extract-txt';
import { elementsToBlocks, parseHtml } from './html-to-blocks';

export function extractHtml(bytes: Uint8Array, fileName: string): NoticeDocument {
  if (looksBinary(bytes)) {
    throw new DocumentExtractError(`“${displayName(fileName)}”不是网页文件（内容是二进制数据）：请上传网页另存的 .html 文件。`);
  }
  const root = parseHtml(decodeHtml(bytes));
  const blocks = elementsToBlocks(pageContent(root));
  if (blocks.length === 0) throw new DocumentExtractError(`网页“${displayName(fileName)}”中没有正文文字。`);
  return { blocks, source: { format: 'html', fileName } };
}

// ---------------------------------------------------------------------------
// Charset

/** The charset a page declares: <meta charset> or <meta http-equiv="Content-Type" content="…; charset=…">. */
export function declaredCharset(bytes: Uint8Array): string | null {
  // The declaration must be within the first 1024 bytes (HTML spec); allow some slack for sloppy pages.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const m = /<meta\b[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)/i.exec(head);
  return m ? m[1]!.toLowerCase() : null;
}

const GB_LABELS = new Set(['gb2312', 'gbk', 'gb18030', 'x-gbk', 'cp936', 'windows-936', 'euc-cn', 'csgb2312', 'chinese', 'iso-ir-58']);

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The page's text. A BOM wins; then the declared charset, with two corrections seen in practice:
 * a page declared GB2312 that is valid UTF-8 was re-saved by a browser or editor that kept the old
 * <meta>; a page declared UTF-8 that is not valid UTF-8 is really GBK.
 */
export function decodeHtml(bytes: Uint8Array): string {
  const hasBom = (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const declared = declaredCharset(bytes);
  if (hasBom || !declared) return decodeText(bytes).text;
  if (GB_LABELS.has(declared)) {
    return isValidUtf8(bytes) ? new TextDecoder('utf-8').decode(bytes) : new TextDecoder('gb18030').decode(bytes);
  }
  if (declared === 'utf-8' || declared === 'utf8') return decodeText(bytes).text;
  try {
    return new TextDecoder(declared).decode(bytes);
  } catch {
    return decodeText(bytes).text; // a label TextDecoder does not know
  }
}

// ---------------------------------------------------------------------------
// Content

/** Class / id names of article bodies on Chinese government sites, most specific first. */
const CONTENT_NAMES = [
  'trs_editor',
  'custom_unionstyle',
  'zoom',
  'ucap-content',
  'pages_content',
  'xxgk_content',
  'article-content',
  'article_content',
  'articlecontent',
  'art_con',
  'view',
  'article',
  'content',
];

/** Class / id tokens of site chrome. Removed only when the element is not most of the page. */
const CHROME_NAMES = new Set([
  'nav', 'navbar', 'menu', 'header', 'footer', 'foot', 'breadcrumb', 'crumb', 'crumbs', 'position', 'location', 'share', 'search',
  'sidebar', 'copyright', 'banner', 'logo', 'wza', 'toolbar', 'friendlink', 'links', 'print',
]);
const CHROME_TAGS = new Set(['nav', 'header', 'footer', 'aside']);

function tokens(el: HTMLElement): string[] {
  return `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.toLowerCase().split(/\s+/).filter(Boolean);
}

function tagName(el: HTMLElement): string {
  return el.rawTagName?.toLowerCase() ?? '';
}

function textLength(el: HTMLElement): number {
  return el.text.replace(/\s+/g, '').length;
}

function allElements(root: HTMLElement): HTMLElement[] {
  return root.querySelectorAll('*');
}

/** The elements to read, in order: the article container(s) with the page title before them, or the body. */
export function pageContent(root: HTMLElement): HTMLElement[] {
  const body = root.querySelector('body') ?? root;
  for (const el of allElements(body)) {
    if (['script', 'style', 'noscript', 'template'].includes(tagName(el))) el.remove();
  }
  const pageText = textLength(body);
  const { containers, generic } = findContainers(body, pageText);
  removeChrome(body, containers, generic, pageText);
  if (containers.length === 0) return [body];

  const title = pageTitle(root, body, containers);
  const first = containers[0]!.text.replace(/\s+/g, '');
  const titleBlock = title && !first.startsWith(title.replace(/\s+/g, '')) ? [parseHtml(`<p>${escapeHtml(title)}</p>`)] : [];
  return [...titleBlock, ...containers];
}

/**
 * The article body: the elements of the first CONTENT_NAMES entry that holds a fair part of the page
 * text (a sidebar box called `content` must not win), outermost ones only.
 */
function findContainers(body: HTMLElement, pageText: number): { containers: HTMLElement[]; generic: boolean } {
  const byName = new Map<string, HTMLElement[]>();
  for (const el of allElements(body)) {
    const names = tagName(el) === 'article' || tagName(el) === 'main' ? [...tokens(el), 'article'] : tokens(el);
    for (const name of names) {
      if (!CONTENT_NAMES.includes(name)) continue;
      const list = byName.get(name) ?? [];
      list.push(el);
      byName.set(name, list);
    }
  }
  for (const name of CONTENT_NAMES) {
    const found = byName.get(name);
    if (!found) continue;
    const outermost = found.filter((el) => !found.some((other) => other !== el && isInside(el, other)));
    const text = outermost.reduce((n, el) => n + textLength(el), 0);
    if (text > 0 && (text >= 200 || text >= pageText * 0.2)) return { containers: outermost, generic: GENERIC_NAMES.has(name) };
  }
  return { containers: [], generic: true };
}

/** Names that templates also give to wrappers around more than the article (navigation included). */
const GENERIC_NAMES = new Set(['view', 'article', 'content']);

function isInside(el: HTMLElement, ancestor: HTMLElement): boolean {
  for (let p = el.parentNode; p; p = p.parentNode) if (p === ancestor) return true;
  return false;
}

/**
 * Removes navigation, header, footer, breadcrumbs, share bars… Never the article or what holds it,
 * never most of the page (a wrapper mis-named `header`), nothing holding the title. Inside a CMS
 * body container (TRS_Editor, zoom, …) everything is the author's: nothing is removed there.
 */
function removeChrome(body: HTMLElement, containers: readonly HTMLElement[], generic: boolean, pageText: number): void {
  for (const el of allElements(body)) {
    const chrome = CHROME_TAGS.has(tagName(el)) || tokens(el).some((t) => CHROME_NAMES.has(t));
    if (!chrome || !el.parentNode) continue;
    if (containers.some((c) => c === el || isInside(c, el))) continue;
    if (!generic && containers.some((c) => isInside(el, c))) continue;
    if (textLength(el) > pageText * 0.5 || el.querySelector('h1') !== null) continue;
    el.remove();
  }
}

/** The page's title when it is not part of the article container: its <h1>, else a `title` element, else <title>. */
function pageTitle(root: HTMLElement, body: HTMLElement, containers: readonly HTMLElement[]): string | null {
  const outside = (el: HTMLElement) => !containers.some((c) => c === el || isInside(el, c));
  const h1 = body.querySelectorAll('h1').find(outside);
  if (h1 && h1.text.trim()) return clean(h1.text);
  const titled = allElements(body).find((el) => outside(el) && tokens(el).includes('title') && textLength(el) > 0 && textLength(el) <= 100);
  if (titled) return clean(titled.text);
  const docTitle = root.querySelector('title')?.text;
  // "关于…的通知_XX区人民政府" / "… - XX区人民政府": the site's name follows the last separator.
  return docTitle ? clean(docTitle.replace(/\s*(?:[_|｜]|\s[-–—]\s)[^_|｜]*$/u, '')) || null : null;
}

function clean(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
