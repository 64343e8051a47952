/**
 * In front of every request but uploads: applies Folio's access rules (lib/access/gate) and
 * sets the security headers and a per-request CSP nonce on every response (but an uploaded
 * original's, which keeps the sandboxing CSP of its own route).
 */
import { type NextRequest, NextResponse } from 'next/server';
import { actorHeader, sealActor } from '@/lib/access/actor';
import { admit } from '@/lib/access/gate';
import { contentSecurityPolicy, isOriginalFile, withSecurityHeaders } from '@/lib/access/headers';

export async function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const admitted = await admit(request);
  let response: NextResponse;
  if ('refusal' in admitted) response = admitted.refusal;
  else {
    // Next reads the nonce from the request's CSP header and puts it on its own scripts.
    const headers = new Headers(request.headers);
    headers.set('Content-Security-Policy', csp);
    headers.set('x-nonce', nonce);
    // Who is asking, for the route; a client's own header of that name is never passed on.
    headers.delete(actorHeader);
    if (admitted.actor) headers.set(actorHeader, sealActor(admitted.actor));
    response = NextResponse.next({ request: { headers } });
  }
  // An original keeps the CSP its route gives it, which the pages' would replace.
  if (!isOriginalFile(request.nextUrl.pathname)) {
    response.headers.set('Content-Security-Policy', csp);
  }
  return withSecurityHeaders(response);
}

export const config = {
  // /api/documents is left out: Next buffers in memory the body of every request a proxy sees
  // (and cuts it at 10 MB), while uploads must stream to disk. That route applies the same
  // access rules itself.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/documents$).*)'],
};
