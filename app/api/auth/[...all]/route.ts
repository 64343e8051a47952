import { auth } from '@/lib/access/accounts';

export const dynamic = 'force-dynamic';

/** better-auth's own routes: sign-in, sign-out, sessions, OpenID Connect, API keys. */
export function GET(req: Request) {
  return auth().handler(req);
}

export function POST(req: Request) {
  return auth().handler(req);
}
