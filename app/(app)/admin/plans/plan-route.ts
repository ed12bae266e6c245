import 'server-only';
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { invalidPlanRequest } from '@/lib/admin/plan-admin-service';
import type { NoticeDocument } from '@/lib/plan-import/document/document';
import { DOCUMENT_SIZE_LIMITS, DocumentExtractError, extractDocument } from '@/lib/plan-import/document/extract-document';

/**
 * Preview and import of a list are route handlers rather than server actions: a Word, Excel or
 * PDF file may be up to 20 MB, above the 1 MB body limit of server actions. The route preamble
 * (lib/http/route-handler.ts) checks origin, session, the permission and the declared size; this
 * module reads the form: a file is turned into a document here (the one async step), the other
 * fields are parsed with the request's schema; the service parses the document.
 */

/** The largest file any format accepts, plus room for the other form fields. */
export const MAX_BODY_BYTES = Math.max(...Object.values(DOCUMENT_SIZE_LIMITS)) + 256 * 1024;
export const TOO_LARGE_MESSAGE = `文件超过 ${Math.round(MAX_BODY_BYTES / 1024 / 1024)} MB，请确认文件是否正确`;

function refuse(error: string, status: number) {
  return NextResponse.json({ ok: false, error }, { status });
}

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

/** The request's fields parsed with `schema`, and the extracted file if one was sent; or the refusal to answer with. */
export async function readPlanForm<S extends z.ZodType>(request: Request, schema: S): Promise<{ input: z.output<S>; document: NoticeDocument | undefined } | Response> {
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
  const parsed = schema.safeParse(body);
  if (!parsed.success) return NextResponse.json(invalidPlanRequest(parsed.error), { status: 400 });
  return { input: parsed.data, document };
}

/** A service's answer: 200 with the result, or 400 with the refusal. */
export function planResponse(result: { ok: boolean }): Response {
  return NextResponse.json(result, { status: result.ok ? 200 : 400 });
}
