import { NextResponse, type NextRequest } from 'next/server';

/**
 * Convenience only: sends visitors without a session cookie to the login page, remembering where
 * they were going. The real check (signature, account state, role, unit) happens in lib/ on every
 * page and action; this never grants anything.
 */
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  const target = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  url.pathname = '/login';
  url.search = target === '/' ? '' : `?callbackUrl=${encodeURIComponent(target)}`;
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ['/((?!login|api/|_next/static|_next/image|favicon.ico).*)'],
};
