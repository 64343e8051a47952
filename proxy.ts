/**
 * In front of every request but uploads and originals: applies Folio's access rules (lib/access/gate) and
 * sets the security headers and a per-request CSP nonce on every response.
 */
import { type NextRequest, NextResponse } from 'next/server';
import { accessRefusal } from '@/lib/access/gate';
import { contentSecurityPolicy, withSecurityHeaders } from '@/lib/access/headers';

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  let response = accessRefusal(request);
  if (!response) {
    // Next reads the nonce from the request's CSP header and puts it on its own scripts.
    const headers = new Headers(request.headers);
    headers.set('Content-Security-Policy', csp);
    headers.set('x-nonce', nonce);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set('Content-Security-Policy', csp);
  return withSecurityHeaders(response);
}

export const config = {
  // Left out, each applying the same access rules itself: /api/documents, since Next buffers
  // in memory the body of every request a proxy sees (and cuts it at 10 MB), while uploads must
  // stream to disk; and the originals, which carry a CSP of their own that the pages' would
  // replace.
  matcher: [
    '/((?!_next/static|_next/image|favicon.ico|api/documents$|api/documents/[^/]+/file$).*)',
  ],
};
