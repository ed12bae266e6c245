/**
 * Word's automatic numbering, written into the text before mammoth reads the document.
 *
 * A notice typed in Word or WPS often numbers its sections and tasks with automatic lists
 * ("一、", "（一）", "1."). The numbers are not in the text: Word draws them from numbering.xml.
 * mammoth turns such paragraphs into <ol><li> and drops the numbers (it keeps only "ordered or
 * not"), and the parsers, which find sections and tasks by their numbers, would see none. So each
 * numbered paragraph gets its label as a leading text run, computed as Word does: a counter per list
 * (numId) and level, deeper levels restarting when a shallower one advances, the level's format
 * (decimal, 一二三, 甲乙丙, ①②③ …) substituted into its text pattern ("%1、", "（%2）", "%1.%2").
 *
 * Bullets, tracked-change history and numbering linked through list styles (rare in notices) are
 * left alone.
 */
import JSZip from 'jszip';

type Level = { start: number; format: string; text: string; suffix: string };
/** A list instance (w:num): its levels, and the counter it advances. */
type List = { levels: Map<number, Level>; counter: string };

export async function materializeNumbering(bytes: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const numberingXml = await zip.file('word/numbering.xml')?.async('string');
  const documentFile = zip.file('word/document.xml');
  if (!numberingXml || !documentFile) return bytes;
  const lists = parseNumbering(numberingXml);
  if (lists.size === 0) return bytes;
  const stylesXml = (await zip.file('word/styles.xml')?.async('string')) ?? '';
  const styleNumbering = parseStyleNumbering(stylesXml);
  const xml = await documentFile.async('string');
  const numbered = numberParagraphs(xml, lists, styleNumbering);
  if (numbered === xml) return bytes;
  zip.file('word/document.xml', numbered);
  return zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
}

// ---------------------------------------------------------------------------
// numbering.xml and styles.xml

const attr = (xml: string, tag: string, name = 'w:val'): string | undefined =>
  new RegExp(`<${tag}\\b[^>]*?\\s${name}="([^"]*)"`).exec(xml)?.[1];

/**
 * numId → its levels (0–8) with the num's start overrides applied. As in Word, list instances of one
 * abstract list continue one count, unless an instance restarts it (a start override).
 */
export function parseNumbering(xml: string): Map<string, List> {
  const abstracts = new Map<string, Map<number, Level>>();
  for (const m of xml.matchAll(/<w:abstractNum\b[^>]*?w:abstractNumId="([^"]+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g)) {
    const levels = new Map<number, Level>();
    for (const l of m[2]!.matchAll(/<w:lvl\b[^>]*?w:ilvl="(\d)"[^>]*>([\s\S]*?)<\/w:lvl>/g)) {
      const body = l[2]!;
      levels.set(Number(l[1]), {
        start: Number(attr(body, 'w:start') ?? '1'),
        format: attr(body, 'w:numFmt') ?? 'decimal',
        text: decodeXml(attr(body, 'w:lvlText') ?? ''),
        suffix: attr(body, 'w:suff') ?? 'tab',
      });
    }
    abstracts.set(m[1]!, levels);
  }
  const lists = new Map<string, List>();
  for (const m of xml.matchAll(/<w:num\b[^>]*?w:numId="([^"]+)"[^>]*>([\s\S]*?)<\/w:num>/g)) {
    const abstractId = attr(m[2]!, 'w:abstractNumId') ?? '';
    const base = abstracts.get(abstractId);
    if (!base) continue;
    const levels = new Map([...base].map(([k, v]) => [k, { ...v }]));
    let restarts = false;
    for (const o of m[2]!.matchAll(/<w:lvlOverride\b[^>]*?w:ilvl="(\d)"[^>]*>([\s\S]*?)<\/w:lvlOverride>/g)) {
      const start = attr(o[2]!, 'w:startOverride');
      const level = levels.get(Number(o[1]));
      if (start !== undefined && level) {
        level.start = Number(start);
        restarts = true;
      }
    }
    lists.set(m[1]!, { levels, counter: restarts ? `num:${m[1]}` : `abstract:${abstractId}` });
  }
  return lists;
}

/** styleId → the numbering its paragraph style applies (headings numbered through their style). */
function parseStyleNumbering(xml: string): Map<string, { numId: string; ilvl: number }> {
  const out = new Map<string, { numId: string; ilvl: number }>();
  for (const m of xml.matchAll(/<w:style\b[^>]*?w:styleId="([^"]+)"[^>]*>([\s\S]*?)<\/w:style>/g)) {
    const numPr = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(m[2]!)?.[1];
    const numId = numPr ? attr(numPr, 'w:numId') : undefined;
    if (numId) out.set(m[1]!, { numId, ilvl: Number(attr(numPr!, 'w:ilvl') ?? '0') });
  }
  return out;
}

// ---------------------------------------------------------------------------
// document.xml

/**
 * Inserts each numbered paragraph's label after its <w:pPr>. Paragraph properties do not nest
 * except inside <w:pPrChange> (the tracked previous formatting), which is skipped when reading.
 */
export function numberParagraphs(
  xml: string,
  lists: Map<string, List>,
  styleNumbering: Map<string, { numId: string; ilvl: number }> = new Map(),
): string {
  const counters = new Map<string, number[]>();
  let out = '';
  let pos = 0;
  const open = /<w:pPr(?:\s[^>]*)?>/g;
  for (let m = open.exec(xml); m; m = open.exec(xml)) {
    const end = closingPPr(xml, open.lastIndex);
    if (end < 0) break;
    const props = xml.slice(open.lastIndex, end).replace(/<w:pPrChange\b[\s\S]*?<\/w:pPrChange>/g, '');
    const label = labelFor(props, lists, styleNumbering, counters);
    const after = end + '</w:pPr>'.length;
    if (label) {
      out += xml.slice(pos, after) + `<w:r><w:t xml:space="preserve">${encodeXml(label)}</w:t></w:r>`;
      pos = after;
    }
    open.lastIndex = after;
  }
  return out + xml.slice(pos);
}

function closingPPr(xml: string, from: number): number {
  let depth = 1;
  const tags = /<w:pPr(?:\s[^>]*)?>|<\/w:pPr>/g;
  tags.lastIndex = from;
  for (let t = tags.exec(xml); t; t = tags.exec(xml)) {
    depth += t[0] === '</w:pPr>' ? -1 : 1;
    if (depth === 0) return t.index;
  }
  return -1;
}

function labelFor(
  props: string,
  lists: Map<string, List>,
  styleNumbering: Map<string, { numId: string; ilvl: number }>,
  counters: Map<string, number[]>,
): string | null {
  const numPr = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(props)?.[1];
  const style = styleNumbering.get(attr(props, 'w:pStyle') ?? '');
  const numId = (numPr && attr(numPr, 'w:numId')) ?? style?.numId;
  if (!numId || numId === '0') return null; // numId 0 switches a style's numbering off
  const ilvl = Number((numPr && attr(numPr, 'w:ilvl')) ?? style?.ilvl ?? 0);
  const list = lists.get(numId);
  const levels = list?.levels;
  const level = levels?.get(ilvl);
  if (!list || !levels || !level || level.format === 'bullet') return null;

  const count = counters.get(list.counter) ?? [];
  counters.set(list.counter, count);
  count[ilvl] = count[ilvl] === undefined ? level.start : count[ilvl]! + 1;
  count.length = ilvl + 1; // deeper levels restart
  const text = level.text.replace(/%([1-9])/g, (_, n: string) => {
    const i = Number(n) - 1;
    const lv = levels.get(i);
    return formatNumber(count[i] ?? lv?.start ?? 1, lv?.format ?? 'decimal');
  });
  if (!text) return null;
  return text + (level.suffix === 'nothing' ? '' : ' ');
}

const CN_DIGITS = '〇一二三四五六七八九';

function chineseCounting(n: number): string {
  if (n <= 0 || n >= 10000) return String(n);
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let s = '';
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i]!;
    if (d === 0) {
      if (!s.endsWith('〇') && i < digits.length - 1 && digits.slice(i + 1).some((x) => x > 0)) s += '〇';
    } else s += CN_DIGITS[d]! + unit;
  });
  return s.replace(/^一十/, '十').replace(/〇/g, '零');
}

export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'chineseLegalSimplified':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
    case 'ideographDigital':
      return chineseCounting(n);
    case 'ideographTraditional':
      return '甲乙丙丁戊己庚辛壬癸'[(n - 1) % 10] ?? String(n);
    case 'ideographZodiac':
      return '子丑寅卯辰巳午未申酉戌亥'[(n - 1) % 12] ?? String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : String(n);
    case 'decimalEnclosedParen':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2474 + n - 1) : `(${n})`;
    case 'decimalEnclosedFullstop':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2488 + n - 1) : `${n}.`;
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCodePoint(0xff10 + Number(d)));
    case 'decimalZero':
      return String(n).padStart(2, '0');
    case 'lowerLetter':
    case 'upperLetter': {
      const letter = String.fromCharCode(97 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
      return format === 'upperLetter' ? letter.toUpperCase() : letter;
    }
    case 'lowerRoman':
    case 'upperRoman': {
      const r = roman(n);
      return format === 'lowerRoman' ? r.toLowerCase() : r;
    }
    case 'none':
      return '';
    default:
      return String(n);
  }
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let s = '';
  for (const [v, r] of table) {
    while (n >= v) {
      s += r;
      n -= v;
    }
  }
  return s;
}

function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#(\d+)|#x([0-9a-f]+));/gi, (m, name: string, dec?: string, hex?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
    return ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[name.toLowerCase()] ?? m;
  });
}

function encodeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
