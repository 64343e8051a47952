import { type NextRequest, NextResponse } from 'next/server';
import type { PersonRole } from '@/db';
import { getConfig } from '@/lib/config';
import { auth } from './accounts';
import type { Actor } from './actor';
import { authorize, isOpen } from './authorize';
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
  // better-auth's sign-in, and Folio's sign-up (accounts).
  if (pathname.startsWith('/api/auth/sign-in/') || pathname === '/api/accounts') return 'sign-in';
  return undefined;
}

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
 * Who is asking, with FOLIO_AUTH=accounts: the person signed in by the session cookie, or by
 * the API key in `Authorization: Bearer`; undefined when neither, and a refusal for a key that
 * is not (or no longer) valid.
 */
async function personOf(request: NextRequest): Promise<Actor | undefined | NextResponse> {
  const byKey = request.headers.has('authorization');
  try {
    const found = await auth().api.getSession({ headers: request.headers });
    if (!found) return undefined;
    const { id, role } = found.user;
    return { kind: 'person', id, role: role as PersonRole, via: byKey ? 'key' : 'session' };
  } catch {
    // better-auth refuses a key that is unknown, revoked or expired.
    return refuse(401, 'That API key is not valid: it may have expired or been revoked.');
  }
}

/** Who is asking, in this mode; a refusal when they must sign in first. */
async function actorOf(request: NextRequest, source: RequestSource) {
  const { method } = request;
  const { pathname } = request.nextUrl;
  const { auth: mode, password } = getConfig();
  const open = isOpen(method, pathname, mode === 'accounts');
  let signedIn = true;
  let actor: Actor | undefined = { kind: 'anyone' };
  if (mode === 'password') {
    const session = request.cookies.get(sessionCookieName(source.https))?.value;
    signedIn = open || (await isValidSession(session, password!));
  } else if (mode === 'accounts') {
    const person = await personOf(request);
    if (person instanceof NextResponse) return person;
    actor = person;
    signedIn = open || person !== undefined;
  }
  if (signedIn) return actor;
  if (pathname.startsWith('/api/')) return refuse(401, 'Sign in first.');
  const signIn = new URL('/sign-in', request.url);
  if (pathname !== '/') signIn.searchParams.set('next', pathname);
  return NextResponse.redirect(signIn);
}

/** Counts a request against its limit, per address and per person; a refusal when either is spent. */
async function overLimit(method: string, pathname: string, source: RequestSource, actor?: Actor) {
  const action = limitedAction(method, pathname);
  if (!action) return undefined;
  const keys = [rateLimitKey(source.client)];
  if (actor?.kind === 'person') keys.push(`person:${actor.id}`);
  for (const key of keys) {
    const verdict = await rateLimits().take(
      `${action}:${key}`,
      getConfig().rateLimitPerMinute,
      60_000,
    );
    if (!verdict.allowed) {
      return refuse(429, `Too many requests: try again in ${verdict.retryAfterS} s.`, {
        'Retry-After': String(verdict.retryAfterS),
      });
    }
  }
  return undefined;
}

/**
 * Who may do what: answers only to Folio's own names, refuses state changes from other sites,
 * asks for a session when FOLIO_AUTH is password or accounts (401 for the API, a redirect for
 * pages), asks authorize.ts whether this actor may make this request, and limits expensive
 * requests per client and per person. Returns the refusal, or who is asking when the request
 * may go on (no one, on a route open to all).
 */
export async function admit(
  request: NextRequest,
): Promise<{ refusal: NextResponse } | { actor: Actor | undefined }> {
  const { method } = request;
  const { pathname } = request.nextUrl;
  if (!decodes(pathname)) {
    return { refusal: refuse(400, 'The address is not valid: it has a broken %-escape.') };
  }
  const source = requestSource(request.headers);
  if (!source.host || !namesFolio(source.host)) {
    return {
      refusal: refuse(
        421,
        `This is Folio, which does not answer to the name "${(hostnameOf(source.host ?? '') ?? '').slice(0, 100)}". If people open Folio at that name, set FOLIO_PUBLIC_URL to its address.`,
      ),
    };
  }
  if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && isCrossOrigin(request, source)) {
    return { refusal: refuse(403, 'Requests from another site may not change anything here.') };
  }
  const actor = await actorOf(request, source);
  if (actor instanceof NextResponse) return { refusal: actor };
  const verdict = await authorize(actor, method, pathname);
  if (!verdict.allowed) return { refusal: refuse(verdict.status, verdict.error) };
  const limited = await overLimit(method, pathname, source, actor);
  return limited ? { refusal: limited } : { actor };
}
