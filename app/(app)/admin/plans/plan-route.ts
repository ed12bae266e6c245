import 'server-only';
import { NextResponse } from 'next/server';
import { guarded } from '@/lib/actions/action-result';
import { PLAN_TEXT_MAX_BYTES } from '@/lib/admin/schemas';
import type { Actor } from '@/lib/auth/actor';
import { isSameOrigin } from '@/lib/auth/same-origin';
import { getSessionUser } from '@/lib/auth/session';

function refuse(error: string, status: number) {
  return NextResponse.json({ ok: false, error }, { status });
}

/**
 * The notice preview and import are route handlers rather than server actions: a notice may be up
 * to 2 MB, above the 1 MB body limit of server actions. Same checks as an action: same origin, a
 * live session that has changed its password; the service checks the permission.
 */
export async function handlePlanRequest<T extends { ok: boolean }>(request: Request, run: (actor: Actor, body: unknown) => T | Promise<T>) {
  if (!isSameOrigin(request)) return refuse('请求来源不正确', 403);
  const user = await getSessionUser();
  if (!user) return refuse('登录已失效，请重新登录', 401);
  if (user.mustChangePassword) return refuse('请先修改密码', 403);
  const { mustChangePassword: _m, ...actor } = user;
  // JSON escapes and the hash add a little to the text itself.
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > PLAN_TEXT_MAX_BYTES * 2) return refuse('通知文本超过 2 MB，请确认文件是否正确', 413);
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return refuse('请求内容无法解析，请重试', 400);
  }
  const result = await guarded(() => run(actor, body));
  return NextResponse.json(result, { status: result.ok ? 200 : 400 });
}
