'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useRef, useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import type { PlanPreview } from '@/lib/admin/plan-admin-service';
import { PLAN_TEXT_MAX_BYTES, planTextSchema, type PlanTextInput } from '@/lib/admin/schemas';
import type { ImportSummary } from '@/lib/plan-import/import-plan';
import type { ServerResult } from '../../units/form-bits';

async function post<T>(url: string, body: unknown): Promise<ServerResult<T>> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json().catch(() => null)) as ServerResult<T> | null;
    return json ?? { ok: false, error: `服务器返回错误（${res.status}），请重试` };
  } catch {
    return { ok: false, error: '网络连接失败，请重试' };
  }
}

/** A .txt notice, as UTF-8 or (as many office files still are) GB18030/GBK. */
function readNoticeFile(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(new Error('文件读取失败，请重试'));
    reader.onload = () => {
      const bytes = new Uint8Array(reader.result as ArrayBuffer);
      try {
        resolve(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      } catch {
        resolve(new TextDecoder('gb18030').decode(bytes));
      }
    };
    reader.readAsArrayBuffer(file);
  });
}

const COMPARATOR = { at_least: '≥', at_most: '≤' } as const;

function UnitList({ names, empty = '—' }: { names: string[]; empty?: string }) {
  return names.length ? <>{names.join('、')}</> : <span className="text-muted-foreground">{empty}</span>;
}

function PreviewView({ preview }: { preview: PlanPreview }) {
  const bySection = new Map<number, PlanPreview['tasks']>();
  for (const t of preview.tasks) bySection.set(t.sectionNo, [...(bySection.get(t.sectionNo) ?? []), t]);
  return (
    <div className="flex flex-col gap-4" data-testid="plan-preview">
      <div className="rounded-lg border bg-white p-3 md:p-4">
        <h2 className="text-lg font-semibold">{preview.title}</h2>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-muted-foreground">文号</dt>
          <dd data-testid="preview-code">{preview.code}</dd>
          <dt className="text-muted-foreground">年度</dt>
          <dd>{preview.year}</dd>
          {preview.issuedOn && (
            <>
              <dt className="text-muted-foreground">成文日期</dt>
              <dd>{preview.issuedOn}</dd>
            </>
          )}
          <dt className="text-muted-foreground">内容</dt>
          <dd data-testid="preview-summary">
            {preview.sections.length} 个部分，{preview.tasks.length} 项任务，识别出 {preview.indicatorCount} 项指标建议
          </dd>
        </dl>
      </div>

      {preview.existing?.status === 'unchanged' && <Alert variant="info">该文号的通知已导入，且内容相同：确认导入不会有任何变化。</Alert>}
      {preview.existing?.status === 'update' && (
        <Alert variant="error">
          该文号的通知已导入，确认后将按新文本更新部分和任务（保留原有指标）
          {preview.existing.removedTaskNos.length ? `，并删除新文本中没有的任务 ${preview.existing.removedTaskNos.join('、')}` : ''}。
        </Alert>
      )}
      {!preview.existing &&
        (preview.becomesCurrent ? (
          <Alert variant="info">
            导入后这份清单将成为当前清单{preview.currentPlan ? `（取代 ${preview.currentPlan.year} 年的 ${preview.currentPlan.code}）` : ''}
            ：工作台账、填报、审核、考核都将以它为准。
          </Alert>
        ) : (
          <Alert variant="info">
            {preview.year} 年早于当前清单（{preview.currentPlan?.year} 年 {preview.currentPlan?.code}），导入后作为历史清单保存，当前清单不变。
          </Alert>
        ))}

      <section aria-labelledby="preview-warnings" className="rounded-lg border bg-white p-3 md:p-4">
        <h3 id="preview-warnings" className="font-semibold">
          解析警告（{preview.warnings.length}）
        </h3>
        {preview.warnings.length === 0 ? (
          <p className="text-sm text-muted-foreground">没有警告。</p>
        ) : (
          <ul className="mt-2 flex flex-col gap-1 text-sm" data-testid="preview-warnings">
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
        <h3 id="preview-units" className="font-semibold">责任单位</h3>
        <p className="mt-1 text-sm" data-testid="preview-new-units">
          <span className="font-medium">将新建 {preview.units.created.length} 个：</span>
          <UnitList names={preview.units.created} empty="无（全部为已有单位）" />
        </p>
        {preview.units.created.length > 0 && (
          <p className="text-xs text-muted-foreground">如果其中有已有单位的其他写法，请先在“单位管理”中为该单位添加别名，再重新预览。</p>
        )}
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
                  <p className="font-medium">
                    {t.no}. {t.title}
                    <span className="ml-2 text-xs font-normal text-muted-foreground">第 {t.line} 行</span>
                  </p>
                  <p className="mt-0.5">
                    <span className="text-muted-foreground">牵头单位：</span>
                    <UnitList names={t.lead} empty="（未列明）" />
                  </p>
                  <p>
                    <span className="text-muted-foreground">参与单位：</span>
                    <UnitList names={t.participating} />
                    {t.openEnded && <span className="text-muted-foreground">（等，不限于所列）</span>}
                  </p>
                  {t.indicators.length > 0 && (
                    <ul className="mt-1 flex flex-wrap gap-1" aria-label={`任务 ${t.no} 的指标建议`}>
                      {t.indicators.map((i, k) => (
                        <li key={k}>
                          <Badge variant="outline" title={`原文：${i.sourcePhrase}`}>
                            {i.name} {COMPARATOR[i.comparator]} {i.target}
                            {i.targetMax !== null ? `–${i.targetMax}` : ''} {i.unit}
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

type Stage = { step: 'edit' } | { step: 'preview'; preview: PlanPreview } | { step: 'done'; preview: PlanPreview; summary: ImportSummary; message: string };

export function PlanImportForm() {
  const [stage, setStage] = useState<Stage>({ step: 'edit' });
  const [error, setError] = useState<string | null>(null);
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const fileInput = useRef<HTMLInputElement>(null);
  const form = useForm<PlanTextInput>({ resolver: zodResolver(planTextSchema), defaultValues: { text: '' } });
  const textError = form.formState.errors.text?.message;
  const locked = stage.step !== 'edit';

  async function onFile(file: File | undefined) {
    setError(null);
    setFileNote(null);
    if (!file) return;
    if (!/\.txt$/i.test(file.name)) {
      form.setError('text', { message: '请选择 .txt 纯文本文件（Word 文件请先另存为“纯文本”）' });
      return;
    }
    if (file.size > PLAN_TEXT_MAX_BYTES) {
      form.setError('text', { message: `“${file.name}”超过 2 MB，请确认文件是否正确` });
      return;
    }
    try {
      const text = await readNoticeFile(file);
      form.setValue('text', text, { shouldValidate: true });
      setFileNote(`已读入“${file.name}”，可在下方核对或修改`);
    } catch (e) {
      form.setError('text', { message: e instanceof Error ? e.message : '文件读取失败' });
    }
  }

  const preview = form.handleSubmit((v) =>
    startTransition(async () => {
      setError(null);
      const r = await post<PlanPreview>('/admin/plans/preview', v);
      if (r.ok && r.data) {
        setStage({ step: 'preview', preview: r.data });
        return;
      }
      if (!r.ok) {
        setError(r.error);
        const msg = r.fieldErrors?.text?.[0];
        if (msg) form.setError('text', { message: msg });
      }
    }),
  );

  const confirm = () => {
    if (stage.step !== 'preview') return;
    startTransition(async () => {
      setError(null);
      const r = await post<ImportSummary>('/admin/plans/commit', { text: form.getValues('text'), previewHash: stage.preview.previewHash });
      if (r.ok && r.data) {
        setStage({ step: 'done', preview: stage.preview, summary: r.data, message: r.message ?? '已导入' });
        return;
      }
      if (!r.ok) setError(r.fieldErrors?.text?.[0] ?? r.error);
    });
  };

  const back = () => {
    setError(null);
    setStage({ step: 'edit' });
  };

  return (
    <div className="flex flex-col gap-4">
      {stage.step !== 'done' && (
        <form method="post" onSubmit={preview} noValidate className="flex flex-col gap-3" aria-label="导入通知">
          <div className="flex flex-col gap-2">
            <Label htmlFor="notice-file">选择 .txt 文件（不超过 2 MB）</Label>
            <input
              ref={fileInput}
              id="notice-file"
              type="file"
              accept=".txt,text/plain"
              disabled={locked}
              className="block w-full max-w-full text-sm file:mr-3 file:rounded-md file:border file:border-input file:bg-background file:px-3 file:py-1.5"
              onChange={(e) => void onFile(e.target.files?.[0])}
            />
            {fileNote && <p className="text-xs text-muted-foreground">{fileNote}</p>}
          </div>
          <div className="flex flex-col gap-2">
            <Label htmlFor="notice-text">或粘贴通知全文</Label>
            <textarea
              id="notice-text"
              rows={locked ? 6 : 14}
              readOnly={locked}
              spellCheck={false}
              aria-invalid={!!textError}
              aria-describedby="notice-text-hint"
              className="w-full rounded-md border border-input bg-background px-3 py-2 font-mono text-sm read-only:bg-muted aria-[invalid=true]:border-destructive"
              {...form.register('text')}
            />
            <p id="notice-text-hint" className={textError ? 'text-sm text-destructive' : 'text-xs text-muted-foreground'}>
              {textError ?? '保留通知开头的文号（如“临东政办字〔2024〕5号”）和标题；部分标题形如“一、……”，任务形如“1.……”，牵头/参与单位可写在任务末尾括号内或单独成行。'}
            </p>
          </div>
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
          <PreviewView preview={stage.preview} />
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
            {stage.preview.becomesCurrent && (
              <Button asChild>
                <Link href="/tasks">查看工作台账</Link>
              </Button>
            )}
            {stage.preview.becomesCurrent && stage.summary.status === 'created' && (
              <Button asChild variant="outline">
                <Link href="/indicators?status=proposed">核对指标建议</Link>
              </Button>
            )}
            <Button asChild variant="outline">
              <Link href="/admin/plans">返回清单列表</Link>
            </Button>
            <Button
              type="button"
              variant="ghost"
              onClick={() => {
                form.reset({ text: '' });
                if (fileInput.current) fileInput.current.value = '';
                setFileNote(null);
                setStage({ step: 'edit' });
              }}
            >
              再导入一份
            </Button>
          </div>
          {!stage.preview.becomesCurrent && (
            <p className="text-sm text-muted-foreground">这份清单不是当前清单，工作台账与指标页仍显示当前清单；以下是导入的内容。</p>
          )}
          <PreviewView preview={stage.preview} />
        </div>
      )}
    </div>
  );
}
