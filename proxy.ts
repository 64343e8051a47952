/**
 * In front of every request: refuses state changes from other origins, asks for a session when
 * FOLIO_PASSWORD is set, limits expensive requests per client, and sets the security headers
 * and a per-request CSP nonce on every response.
 */
import { type NextRequest, NextResponse } from 'next/server';
import { contentSecurityPolicy, securityHeaders } from '@/lib/access/headers';
import { RateLimiter } from '@/lib/access/rate-limit';
import { isValidSession, sessionCookie } from '@/lib/access/session';
import { getConfig } from '@/lib/config';

const limiters = new Map<string, RateLimiter>();

/** Which limit a request counts against, if any: asking, uploading, signing in. */
function limitedAction(method: string, pathname: string): string | undefined {
  if (method !== 'POST') return undefined;
  if (/^\/api\/chats\/[^/]+\/messages$/.test(pathname)) return 'ask';
  if (pathname === '/api/documents') return 'upload';
  if (pathname === '/api/session') return 'sign-in';
  return undefined;
}

const openPaths = new Set(['/api/health', '/sign-in', '/api/session']);

function isCrossOrigin(request: NextRequest): boolean {
  if (request.headers.get('sec-fetch-site') === 'cross-site') return true;
  const origin = request.headers.get('origin');
  if (!origin) return false;
  const host = request.headers.get('host');
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

function refuse(status: number, error: string, headers: Record<string, string> = {}) {
  return NextResponse.json({ error }, { status, headers });
}

/** Whether the path's percent-encoding is valid: Next's router fails on one that is not. */
function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function gate(request: NextRequest): NextResponse | undefined {
  const { method } = request;
  const { pathname } = request.nextUrl;
  if (!decodes(pathname)) return refuse(400, 'The address is not valid: it has a broken %-escape.');
  if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && isCrossOrigin(request)) {
    return refuse(403, 'Requests from another site may not change anything here.');
  }
  const { password, rateLimitPerMinute } = getConfig();
  if (
    password &&
    !openPaths.has(pathname) &&
    !isValidSession(request.cookies.get(sessionCookie)?.value, password)
  ) {
    if (pathname.startsWith('/api/')) return refuse(401, 'Sign in first.');
    const signIn = new URL('/sign-in', request.url);
    if (pathname !== '/') signIn.searchParams.set('next', pathname);
    return NextResponse.redirect(signIn);
  }
  const action = limitedAction(method, pathname);
  if (action) {
    const limiter = limiters.get(action) ?? new RateLimiter(rateLimitPerMinute);
    limiters.set(action, limiter);
    const client = request.headers.get('x-forwarded-for')?.split(',')[0].trim() || 'local';
    const verdict = limiter.take(client);
    if (!verdict.allowed) {
      return refuse(429, `Too many requests: try again in ${verdict.retryAfterS} s.`, {
        'Retry-After': String(verdict.retryAfterS),
      });
    }
  }
  return undefined;
}

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  let response = gate(request);
  if (!response) {
    // Next reads the nonce from the request's CSP header and puts it on its own scripts.
    const headers = new Headers(request.headers);
    headers.set('Content-Security-Policy', csp);
    headers.set('x-nonce', nonce);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(securityHeaders)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
