import { NextResponse } from 'next/server';
import { addAttachment, parseUploadTarget } from '@/lib/attachments/attachment-service';
import { fileStore, maxUploadBytes } from '@/lib/attachments/file-store-instance';
import { route } from '@/lib/http/route-handler';
import { fail, settle, type Result } from '@/lib/result';

export const runtime = 'nodejs';

function answer(result: Result<object>, status = result.ok ? 200 : 400) {
  return NextResponse.json(result, { status });
}

/**
 * Upload of one attachment (multipart: ownerType, taskId + periodId or noticeTargetId, file). A route handler rather
 * than a server action, so the browser can show upload progress. Every refusal is `{ ok: false, error }`.
 */
export const POST = route({ refusals: 'json' }, async (ctx, request) => {
  // The limit comes from the environment, read per request (not when the module loads, e.g. at build time).
  const maxBytes = maxUploadBytes();
  const mb = Math.round(maxBytes / 1024 / 1024);
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes + 1024 * 1024) return answer(fail(`文件超过 ${mb} MB 的大小限制`), 413);

  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return answer(fail('上传内容无法解析，请重试'));
  }
  const file = form.get('file');
  if (!(file instanceof File)) return answer(fail('请选择要上传的文件'));
  if (file.size > maxBytes) return answer(fail(`“${file.name}”超过 ${mb} MB 的大小限制`), 413);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const parsed = parseUploadTarget({ ownerType: form.get('ownerType'), taskId: form.get('taskId'), periodId: form.get('periodId'), noticeTargetId: form.get('noticeTargetId'), requestId: form.get('requestId'), closureRequestId: form.get('closureRequestId') });
  if (!parsed.ok) return answer(parsed);
  // Every refusal of the service (not allowed, not editable, a bad file, storage full) is a 400 with its message.
  return answer(await settle(() => addAttachment(ctx, fileStore(), parsed.target, { name: file.name, bytes }, { maxBytes })));
});
