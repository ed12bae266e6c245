'use client';

import Link from 'next/link';
import { useRef, useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input, NativeSelect } from '@/components/ui/input';
import { FormField, fieldAria } from '@/components/ui/form-field';
import { Label } from '@/components/ui/label';
import { Textarea } from '@/components/ui/textarea';
import type { PlanPreview } from '@/lib/admin/plan-admin-service';
import { PLAN_TEXT_MAX_BYTES } from '@/lib/admin/plan-text-limit';
import type { ImportSummary } from '@/lib/plan-import/import-plan';
import type { Failure, Result } from '@/lib/result';
import { PLAN_KIND_LABELS, PLAN_KINDS } from '@/lib/plan-import/parsed-plan';
import { LabelledOptions } from '../../labelled-options';
import { INDICATOR_KIND_LABELS } from '@/lib/indicators/indicator-kind-labels';

/** What the server reads (lib/plan-import/document/extract-document.ts). */
const ACCEPT = '.txt,.docx,.xlsx,.pdf,.html,.htm';
const MAX_FILE_MB = 20;

/** What the preview and commit routes answer: the payload under `data`; a refusal may name the options still needed. */
type Answer<T> = Result<{ data?: T }>;
type Refusal = Failure & { needs?: ('year' | 'title')[] };

async function postForm<T>(url: string, form: FormData): Promise<Answer<T> | Refusal> {
  try {
    const res = await fetch(url, { method: 'POST', body: form });
    const json = (await res.json().catch(() => null)) as Answer<T> | Refusal | null;
    return json ?? { ok: false, error: `服务器返回错误（${res.status}），请重试` };
  } catch {
    return { ok: false, error: '网络连接失败，请重试' };
  }
}

const COMPARATOR = { at_least: '≥', at_most: '≤' } as const;

function UnitList({ names, empty = '—' }: { names: string[]; empty?: string }) {
  return names.length ? <>{names.join('、')}</> : <span className="text-muted-foreground">{empty}</span>;
}

type Options = { kind: string; shortName: string; year: string; title: string; code: string; cadence: string; sheet: string };
const NO_OPTIONS: Options = { kind: '', shortName: '', year: '', title: '', code: '', cadence: '', sheet: '' };
/** Unknown unit → 'new' or an existing unit's id. */
type Mapping = Record<string, string>;

function defaultMapping(preview: PlanPreview): Mapping {
  // An alias or an abbreviation of one unit is taken as that unit; anything less sure is new until the office says otherwise.
  return Object.fromEntries(preview.units.unknown.map((u) => [u.name, u.candidates[0] && u.candidates[0].score >= 0.95 ? String(u.candidates[0].id) : 'new']));
}

function UnknownUnits({ preview, mapping, onChange, readOnly }: { preview: PlanPreview; mapping: Mapping; onChange?: (m: Mapping) => void; readOnly?: boolean }) {
  if (preview.units.unknown.length === 0) return null;
  return (
    <div className="mt-3 flex flex-col gap-2" data-testid="unknown-units">
      <p className="text-sm font-medium">本区没有的单位名称（{preview.units.unknown.length} 个）：请对应到已有单位，或新建</p>
      <ul className="flex flex-col gap-2">
        {preview.units.unknown.map((u) => (
          <li key={u.name} className="grid gap-1 sm:grid-cols-[12rem_1fr] sm:items-center">
            <label htmlFor={`map-${u.name}`} className="text-sm">
              “{u.name}”
            </label>
            <NativeSelect
              id={`map-${u.name}`}
              value={mapping[u.name] ?? 'new'}
              disabled={readOnly}
              onChange={(e) => onChange?.({ ...mapping, [u.name]: e.target.value })}
              aria-label={`“${u.name}”对应的单位`}
            >
              <option value="new">新建单位“{u.name}”</option>
              {u.candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  对应到 {c.name}（{c.reason}）
                </option>
              ))}
            </NativeSelect>
          </li>
        ))}
      </ul>
      <p className="text-xs text-muted-foreground">对应到已有单位后，这个写法会记为该单位的别名，下次导入自动识别。</p>
    </div>
  );
}

function PreviewView({ preview, mapping, onMapping, readOnly }: { preview: PlanPreview; mapping: Mapping; onMapping?: (m: Mapping) => void; readOnly?: boolean }) {
  const bySection = new Map<number, PlanPreview['tasks']>();
  for (const t of preview.tasks) bySection.set(t.sectionNo, [...(bySection.get(t.sectionNo) ?? []), t]);
  const groupsMapped = preview.tasks.flatMap((t) => t.groupsMapped);
  const groupsNoted = [...new Set(preview.tasks.flatMap((t) => t.groupsNoted))];
  return (
    <div className="flex flex-col gap-4" data-testid="plan-preview">
      <div className="rounded-lg border bg-white p-3 md:p-4">
        <h2 className="text-lg font-semibold">{preview.title}</h2>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-muted-foreground">文号</dt>
          <dd data-testid="preview-code">
            {preview.code}
            {preview.generatedCode && <span className="ml-1 text-muted-foreground">（原文无文号，系统生成）</span>}
          </dd>
          <dt className="text-muted-foreground">清单类型</dt>
          <dd data-testid="preview-kind">
            {PLAN_KIND_LABELS[preview.kind]}（简称“{preview.shortName}”，任务称作“{preview.shortName} 1”）
          </dd>
          <dt className="text-muted-foreground">年度</dt>
          <dd>{preview.year}</dd>
          {preview.issuedOn && (
            <>
              <dt className="text-muted-foreground">成文日期</dt>
              <dd>{preview.issuedOn}</dd>
            </>
          )}
          <dt className="text-muted-foreground">来源文件</dt>
          <dd>
            {preview.source.fileName ?? '粘贴的文本'}（{preview.source.format.toUpperCase()}
            {preview.source.sheet ? `，工作表“${preview.source.sheet}”` : ''}）
          </dd>
          <dt className="text-muted-foreground">内容</dt>
          <dd data-testid="preview-summary">
            {preview.sections.length} 个部分，{preview.tasks.length} 项任务，识别出 {preview.indicatorCount} 项指标建议
          </dd>
        </dl>
      </div>

      {preview.existing?.status === 'unchanged' && <Alert variant="info">该清单已导入，且内容相同：确认导入不会有任何变化。</Alert>}
      {preview.existing?.status === 'update' && (
        <Alert variant="error">
          该文号的清单已导入，确认后将按新内容更新部分和任务（保留原有指标）
          {preview.existing.removedTaskNos.length ? `，并删除新内容中没有的任务 ${preview.existing.removedTaskNos.join('、')}` : ''}。
        </Alert>
      )}
      {!preview.existing && (
        <Alert variant="info">
          {preview.startsArchived
            ? `${preview.year} 年的清单属于往年：导入后作为归档清单保存（只读），不进入本年度调度。`
            : preview.startsAsDraft
            ? '政府工作报告没有列明责任单位：导入后为“分解中”的清单，请在分解页为每项任务指定牵头、参与单位和完成时限，再发布。'
            : `导入后作为新的任务清单，与${preview.activeLists.length ? `正在进行的 ${preview.activeLists.map((l) => `“${l.label}”`).join('、')} 并列` : '其他清单并列'}，各自独立调度。`}
        </Alert>
      )}

      <section aria-labelledby="preview-warnings" className="rounded-lg border bg-white p-3 md:p-4">
        <h3 id="preview-warnings" className="font-semibold">
          解析警告（{preview.warnings.length}）
        </h3>
        {preview.warnings.length === 0 ? (
          <p className="text-sm text-muted-foreground">没有警告。</p>
        ) : (
          <ul className="mt-2 flex max-h-64 flex-col gap-1 overflow-y-auto text-sm" data-testid="preview-warnings">
            {preview.warnings.map((w, i) => (
              <li key={i} className="rounded bg-amber-50 px-2 py-1 text-amber-900">
                <span className="font-medium">第 {w.line} 行：</span>
                {w.message}
                {w.text && <span className="block break-all text-xs text-amber-800">「{w.text}」</span>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="preview-units" className="rounded-lg border bg-white p-3 md:p-4">
        <h3 id="preview-units" className="font-semibold">
          责任单位
        </h3>
        <p className="mt-1 text-sm">
          <span className="font-medium">已有 {preview.units.existing.length} 个：</span>
          {preview.units.existing.map((u, i) => (
            <span key={u.name}>
              {i > 0 && '、'}
              {u.name}
              {!u.active && <span className="text-destructive">（已停用）</span>}
            </span>
          ))}
        </p>
        <p className="mt-1 text-sm" data-testid="preview-new-units">
          <span className="font-medium">本区没有的 {preview.units.unknown.length} 个：</span>
          <UnitList names={preview.units.unknown.map((u) => u.name)} empty="无（全部为已有单位）" />
        </p>
        <UnknownUnits preview={preview} mapping={mapping} onChange={onMapping} readOnly={readOnly} />
        {(groupsMapped.length > 0 || groupsNoted.length > 0) && (
          <div className="mt-3 text-sm" data-testid="preview-groups">
            <p className="font-medium">泛指的单位说法</p>
            {groupsMapped.length > 0 && (
              <p>
                按单位组展开为参与单位：{[...new Map(groupsMapped.map((g) => [g.phrase, g])).values()].map((g) => `“${g.phrase}” → ${g.group}`).join('；')}
              </p>
            )}
            {groupsNoted.length > 0 && <p>作为任务备注保留（不是具体单位）：{groupsNoted.map((g) => `“${g}”`).join('、')}</p>}
            <p className="text-xs text-muted-foreground">单位组在“单位管理”中维护。</p>
          </div>
        )}
      </section>

      <section aria-labelledby="preview-tasks" className="flex flex-col gap-3">
        <h3 id="preview-tasks" className="font-semibold">
          部分与任务
        </h3>
        {preview.sections.map((s) => (
          <div key={s.no} className="rounded-lg border bg-white p-3 md:p-4" data-section={s.no}>
            <h4 className="font-medium">
              {s.numeral ? `${s.numeral}、` : ''}
              {s.title}
              <span className="ml-2 text-sm font-normal text-muted-foreground">（{s.taskCount} 项任务）</span>
            </h4>
            <ol className="mt-2 flex flex-col gap-3">
              {(bySection.get(s.no) ?? []).map((t) => (
                <li key={t.no} className="border-t pt-2 text-sm first:border-0 first:pt-0" data-task-no={t.no}>
                  {t.headingPath.length > 0 && <p className="text-xs text-muted-foreground">{t.headingPath.join(' › ')}</p>}
                  <p className="font-medium">
                    {t.no}. {t.title}
                    <span className="ml-2 text-xs font-normal text-muted-foreground">第 {t.line} 行</span>
                  </p>
                  <p className="mt-0.5">
                    <span className="text-muted-foreground">牵头单位：</span>
                    <UnitList names={t.lead} empty={preview.startsAsDraft ? '（分解时指定）' : '（未列明）'} />
                  </p>
                  <p>
                    <span className="text-muted-foreground">参与单位：</span>
                    <UnitList names={t.participating} />
                    {t.openEnded && <span className="text-muted-foreground">（等，不限于所列）</span>}
                  </p>
                  {t.leaders.length > 0 && (
                    <p>
                      <span className="text-muted-foreground">责任领导：</span>
                      {t.leaders.join('、')}
                    </p>
                  )}
                  {(t.deadline || t.deadlineText) && (
                    <p>
                      <span className="text-muted-foreground">完成时限：</span>
                      {t.deadlineText ?? t.deadline}
                      {t.deadline && t.deadlineText && t.deadline !== t.deadlineText ? `（${t.deadline}）` : ''}
                    </p>
                  )}
                  {t.groupsNoted.length > 0 && <p className="text-muted-foreground">另涉及：{t.groupsNoted.join('、')}</p>}
                  {t.indicators.length > 0 && (
                    <ul className="mt-1 flex flex-wrap gap-1" aria-label={`任务 ${t.no} 的指标建议`}>
                      {t.indicators.map((i, k) => (
                        <li key={k}>
                          <Badge variant="outline" title={`原文：${i.sourcePhrase}`}>
                            {i.name} {COMPARATOR[i.comparator]} {i.target}
                            {i.targetMax !== null ? `–${i.targetMax}` : ''} {i.unit}（{INDICATOR_KIND_LABELS[i.kind]}）
                          </Badge>
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ol>
          </div>
        ))}
      </section>
    </div>
  );
}

type Stage =
  | { step: 'edit'; needs?: ('year' | 'title')[] }
  | { step: 'preview'; preview: PlanPreview; options: Options }
  | { step: 'done'; preview: PlanPreview; summary: ImportSummary; message: string; planId: number | null };

/** The options the server reads: only those given. */
function optionsPayload(o: Options): string {
  return JSON.stringify(Object.fromEntries(Object.entries(o).filter(([, v]) => v.trim() !== '')));
}

export function PlanImportForm() {
  const [stage, setStage] = useState<Stage>({ step: 'edit' });
  const [error, setError] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const [textError, setTextError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [pending, startTransition] = useTransition();
  const fileInput = useRef<HTMLInputElement>(null);
  const form = useForm<Options>({ defaultValues: NO_OPTIONS });
  const locked = stage.step !== 'edit';
  const needs = stage.step === 'edit' ? (stage.needs ?? []) : [];
  // The workbook's sheets, known once a preview has read it: another sheet is chosen here, then previewed again.
  const [sheets, setSheets] = useState<string[] | undefined>(undefined);

  function onFile(f: File | undefined) {
    setError(null);
    setTextError(null);
    setFile(null);
    setSheets(undefined);
    form.setValue('sheet', '');
    if (!f) return;
    if (!/\.(txt|docx|xlsx|pdf|html?)$/i.test(f.name)) {
      setTextError('请选择 Word（.docx）、Excel（.xlsx）、PDF、网页（.html）或纯文本（.txt）文件；旧版 .doc/.xls 请先另存为新格式');
      return;
    }
    if (f.size > MAX_FILE_MB * 1024 * 1024) {
      setTextError(`“${f.name}”超过 ${MAX_FILE_MB} MB，请确认文件是否正确`);
      return;
    }
    setFile(f);
  }

  /** The request body: the file (or text), the options, and for confirming, the preview's hash and the unit mapping. */
  function body(options: Options, extra?: { previewHash: string; mapping: Mapping }): FormData {
    const data = new FormData();
    if (file) data.set('file', file);
    else data.set('text', text);
    data.set('options', optionsPayload(options));
    if (extra) {
      data.set('previewHash', extra.previewHash);
      data.set('mapping', JSON.stringify(Object.fromEntries(Object.entries(extra.mapping).map(([name, to]) => [name, to === 'new' ? { to: 'new' } : { to: 'unit', unitId: Number(to) }]))));
    }
    return data;
  }

  const preview = form.handleSubmit((values) =>
    startTransition(async () => {
      setError(null);
      setTextError(null);
      form.clearErrors();
      // The same schemas as the server (loaded, with zod, on the first preview, not with the page): a
      // bad field is named under it, nothing is sent.
      const { planImportOptionsSchema, planTextSchema } = await import('@/lib/admin/schemas');
      const checked = planImportOptionsSchema.safeParse(values);
      if (!checked.success) {
        for (const issue of checked.error.issues) form.setError(String(issue.path[0]) as keyof Options, { message: issue.message });
        return;
      }
      if (!file) {
        const t = planTextSchema.safeParse({ text });
        if (!t.success) {
          setTextError(t.error.issues[0]?.message ?? '请粘贴通知全文，或选择文件');
          return;
        }
      }
      const r = await postForm<PlanPreview>('/admin/plans/preview', body(values));
      if (r.ok && r.data) {
        setSheets(r.data.source.sheets);
        if (r.data.source.sheet) form.setValue('sheet', r.data.source.sheet);
        setMapping(defaultMapping(r.data));
        setStage({ step: 'preview', preview: r.data, options: values });
        return;
      }
      if (!r.ok) {
        setError(r.error);
        if ('needs' in r && r.needs) setStage({ step: 'edit', needs: r.needs });
        for (const [field, messages] of Object.entries(r.fieldErrors ?? {})) {
          if (field === 'text' || field === 'file') setTextError(messages?.[0] ?? r.error);
          else if (messages?.[0]) form.setError(field as keyof Options, { message: messages[0] });
        }
      }
    }),
  );

  const confirm = () => {
    if (stage.step !== 'preview') return;
    startTransition(async () => {
      setError(null);
      const r = await postForm<ImportSummary>('/admin/plans/commit', body(stage.options, { previewHash: stage.preview.previewHash, mapping }));
      if (r.ok && r.data) {
        setStage({ step: 'done', preview: stage.preview, summary: r.data, message: r.message ?? '已导入', planId: r.data.planId });
        return;
      }
      if (!r.ok) setError(r.fieldErrors?.text?.[0] ?? r.error);
    });
  };

  const back = () => {
    setError(null);
    setStage({ step: 'edit' });
  };

  const field = (name: keyof Options, label: string, hint?: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => {
    const err = form.formState.errors[name]?.message;
    const required = (name === 'year' || name === 'title') && needs.includes(name);
    return (
      <FormField
        id={`opt-${name}`}
        label={
          <>
            {label}
            {required && <span className="ml-1 text-destructive">（必填）</span>}
          </>
        }
        hint={hint}
        error={err}
      >
        <Input {...fieldAria(`opt-${name}`, err)} aria-invalid={!!err || required || undefined} disabled={locked} {...props} {...form.register(name)} />
      </FormField>
    );
  };

  return (
    <div className="flex flex-col gap-4">
      {stage.step !== 'done' && (
        <form method="post" onSubmit={preview} noValidate className="flex flex-col gap-3" aria-label="导入任务清单">
          <div className="flex flex-col gap-2">
            <Label htmlFor="notice-file">选择文件：Word、Excel、PDF、网页或纯文本（不超过 {MAX_FILE_MB} MB）</Label>
            <input
              ref={fileInput}
              id="notice-file"
              type="file"
              accept={ACCEPT}
              disabled={locked}
              className="block w-full max-w-full text-sm file:mr-3 file:rounded-md file:border file:border-input file:bg-background file:px-3 file:py-1.5"
              onChange={(e) => onFile(e.target.files?.[0])}
            />
            {file && (
              <p className="text-xs text-muted-foreground" data-testid="chosen-file">
                已选择“{file.name}”（{Math.max(1, Math.round(file.size / 1024))} KB），预览时在服务器上读取
              </p>
            )}
          </div>
          {!file && (
            <div className="flex flex-col gap-2">
              <Label htmlFor="notice-text">或粘贴通知全文</Label>
              <Textarea
                id="notice-text"
                rows={locked ? 6 : 12}
                readOnly={locked}
                spellCheck={false}
                value={text}
                onChange={(e) => setText(e.target.value)}
                aria-invalid={!!textError}
                aria-describedby="notice-text-hint"
                className="font-mono read-only:bg-muted"
              />
            </div>
          )}
          <p id="notice-text-hint" className={textError ? 'text-sm text-destructive' : 'text-xs text-muted-foreground'} role={textError ? 'alert' : undefined}>
            {textError ??
              `支持“一、……/（一）……/1.……”等编号，单位写在任务末尾括号内、单独成行或表格列中（牵头单位、责任单位、配合单位、责任领导、完成时限）；表格中★标注牵头单位。粘贴文本不超过 ${PLAN_TEXT_MAX_BYTES / 1024 / 1024} MB。`}
          </p>

          <details className="rounded-lg border bg-white p-3" open={needs.length > 0 || undefined}>
            <summary className="cursor-pointer text-sm font-medium">清单信息（可选：文件中没有或识别有误时填写）</summary>
            <div className="mt-3 grid gap-3 sm:grid-cols-2">
              <FormField id="opt-kind" label="清单类型">
                <NativeSelect id="opt-kind" disabled={locked} {...form.register('kind')}>
                  <option value="">自动识别</option>
                  <LabelledOptions values={PLAN_KINDS} labels={PLAN_KIND_LABELS} />
                </NativeSelect>
              </FormField>
              {field('shortName', '简称', '任务称作“简称 + 序号”，如“重点任务 12”')}
              {field('year', '年度', '例如 2024', { inputMode: 'numeric' })}
              {field('title', '清单标题', '文件中没有标题时填写')}
              {field('code', '文号', '没有文号时留空，系统生成')}
              <FormField id="opt-cadence" label="调度周期">
                <NativeSelect id="opt-cadence" disabled={locked} {...form.register('cadence')}>
                  <option value="">每月（默认）</option>
                  <option value="monthly">每月</option>
                  <option value="quarterly">每季度（3、6、9、12 月）</option>
                  <option value="per_item">按事项期限（每项任务在其完成时限报送一次）</option>
                </NativeSelect>
              </FormField>
              {sheets && sheets.length > 1 && (
                <FormField id="opt-sheet" label="工作表（读取其他工作表：返回修改后选择，再预览）">
                  <NativeSelect id="opt-sheet" disabled={locked} {...form.register('sheet')}>
                    {sheets.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </NativeSelect>
                </FormField>
              )}
            </div>
          </details>
          {error && !textError && <Alert variant="error">{error}</Alert>}
          {stage.step === 'edit' && (
            <div>
              <Button type="submit" disabled={pending}>
                {pending ? '正在解析…' : '预览'}
              </Button>
            </div>
          )}
        </form>
      )}

      {stage.step === 'preview' && (
        <>
          <PreviewView preview={stage.preview} mapping={mapping} onMapping={setMapping} />
          {error && <Alert variant="error">{error}</Alert>}
          <div className="sticky bottom-0 flex flex-wrap gap-2 border-t bg-background/95 py-3">
            <Button type="button" onClick={confirm} disabled={pending}>
              {pending ? '正在导入…' : stage.preview.existing?.status === 'update' ? '确认更新' : '确认导入'}
            </Button>
            <Button type="button" variant="outline" onClick={back} disabled={pending}>
              返回修改
            </Button>
          </div>
        </>
      )}

      {stage.step === 'done' && (
        <div className="flex flex-col gap-4" data-testid="import-result">
          <Alert variant="success">{stage.message}</Alert>
          {stage.summary.unitsCreated.length > 0 && <p className="text-sm">新建单位：{stage.summary.unitsCreated.join('、')}</p>}
          <div className="flex flex-wrap gap-2">
            {stage.preview.startsAsDraft && stage.planId !== null ? (
              <Button asChild>
                <Link href={`/lists/${stage.planId}/decompose`}>开始分解</Link>
              </Button>
            ) : (
              <Button asChild>
                <Link href="/tasks">查看工作台账</Link>
              </Button>
            )}
            {stage.summary.status === 'created' && (
              <Button asChild variant="outline">
                <Link href="/indicators?status=proposed">核对指标建议</Link>
              </Button>
            )}
            <Button asChild variant="outline">
              <Link href="/lists">返回清单列表</Link>
            </Button>
            <Button
              type="button"
              variant="ghost"
              onClick={() => {
                form.reset(NO_OPTIONS);
                setText('');
                setFile(null);
                if (fileInput.current) fileInput.current.value = '';
                setStage({ step: 'edit' });
              }}
            >
              再导入一份
            </Button>
          </div>
          <PreviewView preview={stage.preview} mapping={mapping} readOnly />
        </div>
      )}
    </div>
  );
}
