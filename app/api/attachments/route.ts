import { NextResponse } from 'next/server';
import { guarded } from '@/lib/actions/action-result';
import { addAttachment } from '@/lib/attachments/attachment-service';
import { fileStore, maxUploadBytes } from '@/lib/attachments/file-store-instance';
import { getSessionUser } from '@/lib/auth/session';
import { isSameOrigin } from '@/lib/auth/same-origin';
import { now, today } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';

export const runtime = 'nodejs';

function refuse(error: string, status: number) {
  return NextResponse.json({ ok: false, error }, { status });
}

/**
 * Upload of one attachment (multipart: ownerType, taskId + periodId or noticeTargetId, file). A route handler rather
 * than a server action, so the browser can show upload progress.
 */
export async function POST(request: Request) {
  if (!isSameOrigin(request)) return refuse('请求来源不正确', 403);
  const user = await getSessionUser();
  if (!user) return refuse('登录已失效，请重新登录', 401);
  if (user.mustChangePassword) return refuse('请先修改密码', 403);
  const { mustChangePassword: _m, ...actor } = user;

  const maxBytes = maxUploadBytes();
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes + 1024 * 1024) return refuse(`文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB 的大小限制`, 413);

  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return refuse('上传内容无法解析，请重试', 400);
  }
  const file = form.get('file');
  if (!(file instanceof File)) return refuse('请选择要上传的文件', 400);
  if (file.size > maxBytes) return refuse(`“${file.name}”超过 ${Math.round(maxBytes / 1024 / 1024)} MB 的大小限制`, 413);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const meta = await requestMeta();
  const result = await guarded(() =>
    addAttachment(
      getDb(),
      fileStore(),
      actor,
      { ownerType: form.get('ownerType'), taskId: form.get('taskId'), periodId: form.get('periodId'), noticeTargetId: form.get('noticeTargetId') },
      { name: file.name, bytes },
      { maxBytes, now: now(), today: today() },
      meta,
    ),
  );
  return NextResponse.json(result, { status: result.ok ? 200 : 400 });
}
