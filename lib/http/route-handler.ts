import 'server-only';
import { NextResponse } from 'next/server';
import { can, type Permission } from '@/lib/auth/permissions';
import { isSameOrigin } from '@/lib/auth/same-origin';
import { getSessionUser } from '@/lib/auth/session';
import type { ServiceContext } from '@/lib/context';
import { AppError, DATA_REFUSAL, isDataError } from '@/lib/errors';
import { requestContext } from '@/lib/request-context';
import { failureOf } from '@/lib/result';
import { limitRequestBody } from './body-limit';

type RouteOptions = {
  /** Refused before the body is read (a cheap check for expensive requests); the service checks again. */
  permission?: Permission;
  /**
   * Largest body accepted: a larger declared length is refused before anything is read, and a body
   * without one (chunked) is cut off as soon as it passes the limit. A function is read per request
   * (a limit from the environment, not read when the module loads).
   */
  maxBodyBytes?: number | (() => number);
  /** The message of an oversize body. */
  tooLargeMessage?: string | (() => string);
  /** Refusals as JSON `{ ok: false, error }` (uploads, the import console) or as plain text (downloads). */
  refusals?: 'json' | 'text';
  /**
   * Answer every 401/403 with this 404 message instead: for downloads by id, where a refusal
   * would tell a stranger that the id exists.
   */
  hideRefusalsAs?: string;
};

export function refusalResponse(status: number, error: string, kind: 'json' | 'text' = 'json'): Response {
  if (kind === 'json') return NextResponse.json({ ok: false, error }, { status, headers: { 'Cache-Control': 'private, no-store' } });
  return new Response(error, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store' },
  });
}

/**
 * The one preamble of every route handler except next-auth's own: same origin for writes, a live
 * session whose password has been changed, the permission, the declared body size; then the
 * handler runs with the request's service context, and the error model maps to statuses
 * (403, 404, 400 with the message; storage faults to 503). Faults propagate as a 500.
 */
export function route<P = unknown>(options: RouteOptions, handler: (ctx: ServiceContext, request: Request, params: P) => Promise<Response>) {
  const kind = options.refusals ?? 'json';
  const run = preamble(options, kind, handler);
  if (options.hideRefusalsAs === undefined) return run;
  const message = options.hideRefusalsAs;
  return async (request: Request, segment: { params: Promise<P> }): Promise<Response> => {
    const response = await run(request, segment);
    return response.status === 401 || response.status === 403 ? refusalResponse(404, message, kind) : response;
  };
}

function preamble<P>(options: RouteOptions, kind: 'json' | 'text', handler: (ctx: ServiceContext, request: Request, params: P) => Promise<Response>) {
  return async (request: Request, segment: { params: Promise<P> }): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && !isSameOrigin(request)) return refusalResponse(403, '请求来源不正确', kind);
    const user = await getSessionUser();
    if (!user) return refusalResponse(401, kind === 'json' ? '登录已失效，请重新登录' : '请先登录', kind);
    const { mustChangePassword, mustEnrollTotp, ...actor } = user;
    if (mustChangePassword) return refusalResponse(403, '请先修改初始密码', kind);
    // An administrator holds only a password-strength session until the second factor is set up.
    if (mustEnrollTotp) return refusalResponse(403, '请先设置动态口令', kind);
    if (options.permission && !can(actor, options.permission)) return refusalResponse(403, '您没有权限执行此操作', kind);
    const maxBodyBytes = typeof options.maxBodyBytes === 'function' ? options.maxBodyBytes() : options.maxBodyBytes;
    const tooLarge = (max: number) => {
      const message = typeof options.tooLargeMessage === 'function' ? options.tooLargeMessage() : options.tooLargeMessage;
      return refusalResponse(413, message ?? `内容超过 ${Math.round(max / 1024 / 1024)} MB 的大小限制`, kind);
    };
    const declared = Number(request.headers.get('content-length') ?? 0);
    if (maxBodyBytes !== undefined && declared > maxBodyBytes) return tooLarge(maxBodyBytes);
    // A body without a declared length (chunked) is cut off once it passes the limit, however the
    // handler reads it (formData() included); whatever the handler answers then, the answer is a 413.
    const body = maxBodyBytes === undefined ? { request, exceeded: () => false } : limitRequestBody(request, maxBodyBytes);
    try {
      const response = await handler(await requestContext(actor), body.request, await segment.params);
      return body.exceeded() ? tooLarge(maxBodyBytes!) : response;
    } catch (err) {
      if (body.exceeded()) return tooLarge(maxBodyBytes!);
      if (err instanceof AppError) return refusalResponse(err.status, err.message, kind);
      if (isDataError(err)) return refusalResponse(400, DATA_REFUSAL, kind);
      const failure = failureOf(err);
      if (failure) return refusalResponse(503, failure.error, kind);
      throw err;
    }
  };
}
