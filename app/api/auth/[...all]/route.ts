import { auth } from '@/lib/access/accounts';
import { folioOrigin } from '@/lib/access/links';

export const dynamic = 'force-dynamic';

/**
 * The request at the address the browser used (FOLIO_PUBLIC_URL, or the origin the gate read),
 * which better-auth builds its callback and redirect URLs from: Next's own request URL may name
 * another host for the same server.
 */
function asSeenByBrowser(req: Request): Request {
  const { pathname, search } = new URL(req.url);
  const url = new URL(`${pathname}${search}`, folioOrigin(req.headers));
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(url, {
    method: req.method,
    headers: req.headers,
    body: hasBody ? req.body : undefined,
    ...(hasBody && { duplex: 'half' }),
  } as RequestInit);
}

/** better-auth's own routes: sign-in, sign-out, sessions, OpenID Connect, API keys. */
export function GET(req: Request) {
  return auth().handler(asSeenByBrowser(req));
}

export function POST(req: Request) {
  return auth().handler(asSeenByBrowser(req));
}
