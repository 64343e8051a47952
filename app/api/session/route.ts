import { cookies } from 'next/headers';
import { z } from 'zod';
import { isSignedIn, sessionCookieOfRequest } from '@/lib/access/request';
import { closeSession, openSession, passwordMatches, sessionMaxAgeS } from '@/lib/access/session';
import { getConfig } from '@/lib/config';
import { errorResponse, handle, readJson } from '@/lib/http';

export const dynamic = 'force-dynamic';

const signInSchema = z.object({ password: z.string().max(1000) });

/** Whether signing in is needed (and how: password or accounts), and whether this browser is. */
export async function GET() {
  const { auth } = getConfig();
  return Response.json({ required: auth !== 'none', mode: auth, signedIn: await isSignedIn() });
}

/** Signs in with FOLIO_PASSWORD: opens a session in an HttpOnly, SameSite cookie. */
export function POST(req: Request) {
  return handle(async () => {
    const { password } = getConfig();
    if (!password)
      return errorResponse(404, 'Folio has no password set: there is nothing to sign in to.');
    const body = await readJson(req, signInSchema);
    if (!passwordMatches(body.password, password))
      return errorResponse(401, 'That password is not right.');
    const name = await sessionCookieOfRequest();
    (await cookies()).set(name, await openSession(password), {
      httpOnly: true,
      sameSite: 'strict',
      // A __Host- cookie must be Secure, with the path / and no domain.
      secure: name.startsWith('__Host-'),
      path: '/',
      maxAge: sessionMaxAgeS,
    });
    return new Response(null, { status: 204 });
  });
}

/** Signs out: the session ends on the server, and the browser forgets its cookie. */
export async function DELETE() {
  const name = await sessionCookieOfRequest();
  const jar = await cookies();
  await closeSession(jar.get(name)?.value);
  jar.delete({ name, path: '/', secure: name.startsWith('__Host-') });
  return new Response(null, { status: 204 });
}
