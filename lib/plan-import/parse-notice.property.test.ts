/**
 * Property tests: whatever the input, parseNotice returns a well-formed plan or throws
 * NoticeParseError — never anything else — and its time grows linearly with the input.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DocBlock, NoticeDocument } from '@/lib/plan-import/document/document';
import { NoticeParseError, parseNotice, type ParsedPlan } from '@/lib/plan-import/parse-notice';

const SEED = fs.readFileSync(path.resolve(__dirname, '../../db/seed-data/hedong-2023-key-tasks-notice.txt'), 'utf8');

/** The plan is well formed: tasks numbered 1..n with text, each in an existing section. */
function checkPlan(plan: ParsedPlan): void {
  expect(plan.tasks.length).toBeGreaterThan(0);
  plan.tasks.forEach((t, i) => {
    expect(t.no).toBe(i + 1);
    expect(t.text.trim()).not.toBe('');
    expect(t.title).not.toBe('');
    expect(t.sectionNo).toBeGreaterThanOrEqual(1);
    expect(t.sectionNo).toBeLessThanOrEqual(plan.sections.length);
    for (const u of [...t.lead, ...t.participating]) expect(u).not.toBe('');
    expect(t.participating.some((u) => t.lead.includes(u))).toBe(false);
  });
  plan.sections.forEach((s, i) => expect(s.no).toBe(i + 1));
  for (const w of plan.warnings) expect(Number.isInteger(w.line)).toBe(true);
}

/** Runs the parser: a plan (checked) or NoticeParseError; anything else fails the property. */
function parsesOrRejects(input: string | NoticeDocument): void {
  let plan: ParsedPlan;
  try {
    plan = parseNotice(input);
  } catch (e) {
    if (e instanceof NoticeParseError) return;
    throw e;
  }
  checkPlan(plan);
}

// ---------------------------------------------------------------------------
// Generators of notice-like text

const NUMBERING = ['1.', '2、', '3．', '(1)', '（2）', '(一)', '（二）', '一、', '十二、', '第一部分', '一是', '二是', '①', '12.', '2.3'];
const LABELS = ['牵头单位：', '牵头单位:', '责任单位：', '配合单位：', '参与单位:', '协办单位：', '牵头责任单位：', '责任领导：', '分管领导:', '完成时限：', '时间节点：', '督办单位：'];
const UNITS = ['区发改局', '区财政局', '各镇街', '区直各部门', '各有关单位', '区财政局★', '☆区商务局', '*区民政局', '区应急局(区安委办)', '等有关部门', '区投资促进中心'];
const PUNCT = ['、', '，', ',', '；', ';', '。', '：', ':', '（', '）', '(', ')', '[', ']', '【', '】', '《', '》', '“', '”'];
const TABLE = ['序号', '工作任务', '重点工作', '牵头单位', '配合单位', '责任单位', '责任领导', '完成时限', '类别', '|', '｜', '\t', '  ', ' | ', '1 |', '|---|'];
const DATES = ['2023年6月底前', '6月底', '第三季度', '年底前', '年内', '长期坚持', '持续推进', '2023年12月31日', '二〇二三年九月十八日', '13月40日', '2月30日'];
const SUFFIXES = ['牵头', '配合', '分别牵头', '按职责分工负责', '负责', '等'];
const NOISE = ['\u0000', '\u0007', '\u202e', '\u200b', '\u2066', '\ufeff', '\r', '\u3000', '\u00a0', '**', '\ud83d\ude00', '\u0301'];
const HEADER = ['关于印发', '的通知', '临东政办字〔2023〕19号', '文号：', '成文日期：2023-09-18', '政府工作报告', '民生实事', '会议纪要', '交办'];

const fragment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NUMBERING, ...LABELS, ...UNITS, ...PUNCT) },
  { weight: 2, arbitrary: fc.constantFrom(...TABLE, ...DATES, ...SUFFIXES, ...HEADER) },
  { weight: 1, arbitrary: fc.constantFrom(...NOISE) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  // A very long line: one fragment repeated.
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...NUMBERING, ...PUNCT, ...UNITS, '区'), fc.integer({ min: 100, max: 3000 })).map(([s, n]) => s.repeat(n)) },
);
const line = fc.array(fragment, { maxLength: 10 }).map((parts) => parts.join(''));
const noticeText = fc.array(line, { maxLength: 40 }).map((lines) => lines.join('\n'));

const cell = fc.oneof(fragment, fc.constant(''), line);
const tableBlock = fc
  .record({
    header: fc.option(fc.shuffledSubarray(['序号', '类别', '工作任务', '牵头单位', '配合单位', '责任单位', '责任领导', '完成时限', '备注'], { minLength: 2 }), { nil: undefined }),
    rows: fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 12 }),
    line: fc.integer({ min: 1, max: 500 }),
  })
  .map(({ header, rows, line: l }): DocBlock => ({ kind: 'table', rows: header ? [header, ...rows] : rows, line: l }));
const paragraph = fc.record({ text: line, line: fc.integer({ min: 1, max: 500 }) }).map(({ text, line: l }): DocBlock => ({ kind: 'paragraph', text, line: l }));
const document = fc
  .array(fc.oneof(paragraph, tableBlock), { maxLength: 20 })
  .map((blocks): NoticeDocument => ({ blocks, source: { format: 'docx' } }));

describe('parseNotice on any input returns a well-formed plan or throws NoticeParseError', () => {
  it('random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => parsesOrRejects(s)), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => parsesOrRejects(s)), { numRuns: 300 });
  });

  it('random mixes of notice fragments (numbering, labels, brackets, ★, tables as text, control and bidi characters, long lines)', () => {
    fc.assert(fc.property(noticeText, (s) => parsesOrRejects(s)), { numRuns: 400 });
  });

  it('a real notice with random lines inserted', () => {
    const seedLines = SEED.split('\n');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(seedLines.length), line), { maxLength: 8 }), (inserts) => {
        const lines = [...seedLines];
        for (const [at, l] of inserts) lines.splice(at, 0, l);
        parsesOrRejects(lines.join('\n'));
      }),
      { numRuns: 100 },
    );
  });

  it('random documents with tables', () => {
    fc.assert(fc.property(document, (doc) => parsesOrRejects(doc)), { numRuns: 400 });
  });
});

// ---------------------------------------------------------------------------
// Time

/** Best of 3 runs (the brief's measure), and two more so that a busy machine (parallel test files) does not decide. */
function bestOf3(f: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function parseQuietly(text: string): void {
  try {
    parseNotice(text);
  } catch (e) {
    if (!(e instanceof NoticeParseError)) throw e;
  }
}

const ROW_TABLE = [
  '某区2024年重点任务清单',
  '序号\t工作任务\t牵头单位\t配合单位\t责任领导\t完成时限',
  ...Array.from({ length: 60 }, (_, i) => `${i + 1}\t推进第${i + 1}项重点工作，确保按期完成。\t区发改局\t区财政局、各镇街\t张三\t2024年${(i % 12) + 1}月底前`),
].join('\n');
const CELL_TABLE = [
  '序号',
  '民生实事',
  '责任单位',
  '完成时限',
  ...Array.from({ length: 60 }, (_, i) => [`${i + 1}`, `新建第${i + 1}个便民服务点。`, '县住建局', '县财政局', '12月底前']).flat(),
].join('\n');

describe('time grows linearly with the input', () => {
  it.each([
    ['the seed notice (prose)', SEED],
    ['a table, one row per line', ROW_TABLE],
    ['a table, one cell per line', CELL_TABLE],
  ])('%s: 8× the text takes at most ~20× the time', (_name, text) => {
    const eightTimes = Array.from({ length: 8 }, () => text).join('\n');
    parseQuietly(eightTimes); // warm up the JIT on both sizes
    const once = bestOf3(() => parseQuietly(text));
    const eight = bestOf3(() => parseQuietly(eightTimes));
    // The floor keeps a tiny baseline (a few ms, timer and GC noise) from making the bound flaky.
    expect(eight).toBeLessThanOrEqual(20 * Math.max(once, 10));
  });

  it.each([
    ['（', '（'.repeat(50000)],
    ['1.', '1.'.repeat(25000)],
    ['一、', '一、'.repeat(25000)],
    ['(牵头单位:', '(牵头单位:'.repeat(8000)],
    ['牵头单位：区…', `1.任务。\n牵头单位：${'区'.repeat(50000)}`],
    ['、', `1.任务。(牵头单位:${'区发改局、'.repeat(10000)})`],
    ['|', '|'.repeat(50000)],
    ['tabs', '\t'.repeat(50000)],
    ['spaces', `序号  工作任务  牵头单位${'  '.repeat(25000)}`],
    ['关于印发', '关于印发'.repeat(12500)],
    ['《', '《'.repeat(50000)],
    ['★', '★'.repeat(50000)],
    ['年', `完成时限：${'6月底'.repeat(15000)}`],
    ['lines of 1', '1\n'.repeat(25000)],
    ['lines of 序号', '序号\n工作任务\n责任单位\n'.repeat(5000)],
    ['lines of |', '序号 |\n工作任务 |\n责任单位 |\n'.repeat(5000)],
    ['lines of tasks', '1.任务。(牵头单位:区发改局)\n'.repeat(5000)],
    ['one task, many wrapped lines', `1.任务开始，\n${'继续写任务的内容，还没有写完\n'.repeat(20000)}牵头单位：区发改局`],
    ['one open clause, many lines', `1.任务。(牵头单位:区发改局、\n${'区财政局、\n'.repeat(20000)}区民政局)`],
  ])('hostile input %s (50k characters) finishes', (_name, text) => {
    const t0 = performance.now();
    parseQuietly(text);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
