import 'server-only';
import { NextResponse } from 'next/server';
import { guarded } from '@/lib/actions/action-result';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import { isSameOrigin } from '@/lib/auth/same-origin';
import { getSessionUser } from '@/lib/auth/session';
import type { NoticeDocument } from '@/lib/plan-import/document/document';
import { DOCUMENT_SIZE_LIMITS, DocumentExtractError, extractDocument } from '@/lib/plan-import/document/extract-document';

function refuse(error: string, status: number) {
  return NextResponse.json({ ok: false, error }, { status });
}

/** The largest file any format accepts, plus room for the other form fields. */
const MAX_BODY_BYTES = Math.max(...Object.values(DOCUMENT_SIZE_LIMITS)) + 256 * 1024;

/** Form fields that carry JSON (options, unit mapping): absent is undefined, malformed is refused. */
function jsonField(form: FormData, name: string): unknown {
  const raw = form.get(name);
  if (typeof raw !== 'string' || raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return MALFORMED;
  }
}
const MALFORMED = Symbol('malformed');

/**
 * Preview and import of a list are route handlers rather than server actions: a Word, Excel or
 * PDF file may be up to 20 MB, above the 1 MB body limit of server actions. Same checks as an
 * action: same origin, a live session that has changed its password; the service checks the
 * permission. A file is turned into a document here (the one async step); the service parses it.
 */
export async function handlePlanRequest<T extends { ok: boolean }>(request: Request, run: (actor: Actor, body: Record<string, unknown>, document: NoticeDocument | undefined) => T) {
  if (!isSameOrigin(request)) return refuse('请求来源不正确', 403);
  const user = await getSessionUser();
  if (!user) return refuse('登录已失效，请重新登录', 401);
  if (user.mustChangePassword) return refuse('请先修改密码', 403);
  const { mustChangePassword: _m, ...actor } = user;
  // Reading and parsing a 20 MB document is work: only for those who may import (the service checks again).
  if (!can(actor, 'plans.import')) return refuse('您没有权限执行此操作', 403);
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) return refuse(`文件超过 ${Math.round(MAX_BODY_BYTES / 1024 / 1024)} MB，请确认文件是否正确`, 413);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return refuse('请求内容无法解析，请重试', 400);
  }
  const options = jsonField(form, 'options');
  const mapping = jsonField(form, 'mapping');
  if (options === MALFORMED || mapping === MALFORMED) return refuse('请求内容无法解析，请刷新页面后重试', 400);
  const body: Record<string, unknown> = {
    options: options ?? {},
    mapping,
    previewHash: form.get('previewHash') ?? undefined,
  };
  const text = form.get('text');
  if (typeof text === 'string' && text !== '') body.text = text;
  const file = form.get('file');
  let document: NoticeDocument | undefined;
  if (file instanceof File && file.size > 0) {
    const sheet = options && typeof options === 'object' && 'sheet' in options && typeof options.sheet === 'string' ? options.sheet : undefined;
    try {
      document = await extractDocument(new Uint8Array(await file.arrayBuffer()), file.name, { sheet });
    } catch (err) {
      if (err instanceof DocumentExtractError) return NextResponse.json({ ok: false, error: err.message, fieldErrors: { file: [err.message] } }, { status: 400 });
      throw err;
    }
  }
  const result = await guarded(() => run(actor, body, document));
  return NextResponse.json(result, { status: result.ok ? 200 : 400 });
}
