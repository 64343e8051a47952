import { type NextRequest, NextResponse } from 'next/server';
import { getConfig } from '@/lib/config';
import { type RequestSource, rateLimitKey, requestSource } from './forwarded';
import { hostnameOf, namesFolio } from './host';
import { rateLimits } from './rate-limit';
import { isValidSession, sessionCookieName } from './session';

/** Which limit a request counts against, if any: asking, uploading, searching, signing in. */
function limitedAction(method: string, pathname: string): string | undefined {
  // Each search is bounded, but a crowd of them runs back to back on the thread that serves
  // every request.
  if (method === 'GET' && pathname === '/api/search') return 'search';
  if (method !== 'POST') return undefined;
  if (/^\/api\/chats\/[^/]+\/messages$/.test(pathname)) return 'ask';
  if (pathname === '/api/documents') return 'upload';
  if (pathname === '/api/session') return 'sign-in';
  return undefined;
}

const openPaths = new Set(['/api/health', '/sign-in', '/api/session']);

function isCrossOrigin(request: NextRequest, source: RequestSource): boolean {
  if (request.headers.get('sec-fetch-site') === 'cross-site') return true;
  const origin = request.headers.get('origin');
  if (!origin) return false;
  try {
    // Both read by the URL parser, so a default port written out or left out compares equal.
    const own = new URL(`${source.https ? 'https' : 'http'}://${source.host}`);
    return new URL(origin).origin !== own.origin;
  } catch {
    return true;
  }
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

function refuse(status: number, error: string, headers: Record<string, string> = {}) {
  return NextResponse.json({ error }, { status, headers });
}

/**
 * Who may do what: answers only to Folio's own names, refuses state changes from other sites,
 * asks for a session when FOLIO_PASSWORD is set (401 for the API, a redirect for pages), and
 * limits expensive requests per client. Returns the refusal, or nothing when the request may go
 * on.
 */
export async function accessRefusal(request: NextRequest): Promise<NextResponse | undefined> {
  const { method } = request;
  const { pathname } = request.nextUrl;
  if (!decodes(pathname)) return refuse(400, 'The address is not valid: it has a broken %-escape.');
  const source = requestSource(request.headers);
  if (!source.host || !namesFolio(source.host)) {
    return refuse(
      421,
      `This is Folio, which does not answer to the name "${(hostnameOf(source.host ?? '') ?? '').slice(0, 100)}". If people open Folio at that name, set FOLIO_PUBLIC_URL to its address.`,
    );
  }
  if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && isCrossOrigin(request, source)) {
    return refuse(403, 'Requests from another site may not change anything here.');
  }
  const { password, rateLimitPerMinute } = getConfig();
  const session = request.cookies.get(sessionCookieName(source.https))?.value;
  if (password && !openPaths.has(pathname) && !(await isValidSession(session, password))) {
    if (pathname.startsWith('/api/')) return refuse(401, 'Sign in first.');
    const signIn = new URL('/sign-in', request.url);
    if (pathname !== '/') signIn.searchParams.set('next', pathname);
    return NextResponse.redirect(signIn);
  }
  const action = limitedAction(method, pathname);
  if (action) {
    const key = `${action}:${rateLimitKey(source.client)}`;
    const verdict = await rateLimits().take(key, rateLimitPerMinute, 60_000);
    if (!verdict.allowed) {
      return refuse(429, `Too many requests: try again in ${verdict.retryAfterS} s.`, {
        'Retry-After': String(verdict.retryAfterS),
      });
    }
  }
  return undefined;
}
