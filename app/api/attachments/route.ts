import { NextResponse } from 'next/server';
import { addAttachment, parseUploadTarget } from '@/lib/attachments/attachment-service';
import { attachmentStore } from '@/lib/attachments/attachment-store-instance';
import { maxUploadBytes } from '@/lib/attachments/file-store-instance';
import { readMultipart } from '@/lib/http/multipart';
import { route } from '@/lib/http/route-handler';
import { fail, settle, type Result } from '@/lib/result';

export const runtime = 'nodejs';

function answer(result: Result<object>, status = result.ok ? 200 : 400) {
  return NextResponse.json(result, { status });
}

/** Room for the form's other fields and the parts' headers beside the file. */
const FORM_OVERHEAD_BYTES = 1024 * 1024;
const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * Upload of one attachment (multipart: ownerType, taskId + periodId or noticeTargetId, file). A route handler rather
 * than a server action, so the browser can show upload progress. Every refusal is `{ ok: false, error }`.
 * The body is read as a stream (lib/http/multipart.ts), never buffered whole: an oversize file is
 * refused up front by its declared length, or else as soon as the bytes read pass the limit.
 */
export const POST = route(
  {
    refusals: 'json',
    // The limit comes from the environment, read per request (not when the module loads, e.g. at build time).
    maxBodyBytes: () => maxUploadBytes() + FORM_OVERHEAD_BYTES,
    tooLargeMessage: () => `文件超过 ${megabytes(maxUploadBytes())} MB 的大小限制`,
  },
  async (ctx, request) => {
    const maxBytes = maxUploadBytes();
    const mb = megabytes(maxBytes);
    const read = await readMultipart(request.body, request.headers.get('content-type'), {
      maxFileBytes: maxBytes,
      maxBodyBytes: maxBytes + FORM_OVERHEAD_BYTES,
      // A declared length is within the limit (the preamble refused a larger one): reading the rest lets the browser get the answer.
      drainAfterRefusal: request.headers.has('content-length'),
    });
    if (!read.ok) {
      if (read.reason === 'file-too-large') return answer(fail(`“${read.fileName}”超过 ${mb} MB 的大小限制`), 413);
      if (read.reason === 'body-too-large') return answer(fail(`文件超过 ${mb} MB 的大小限制`), 413);
      return answer(fail('上传内容无法解析，请重试'));
    }
    const { fields, file } = read.form;
    if (!file || (file.name === '' && file.bytes.byteLength === 0)) return answer(fail('请选择要上传的文件'));
    const field = (name: string) => fields.get(name) ?? null;
    const parsed = parseUploadTarget({ ownerType: field('ownerType'), taskId: field('taskId'), periodId: field('periodId'), noticeTargetId: field('noticeTargetId'), requestId: field('requestId'), closureRequestId: field('closureRequestId') });
    if (!parsed.ok) return answer(parsed);
    // Every refusal of the service (not allowed, not editable, a bad file, storage full) is a 400 with its message.
    return answer(await settle(() => addAttachment(ctx, attachmentStore(), parsed.target, { name: file.name, bytes: file.bytes }, { maxBytes })));
  },
);
