import { cookies } from 'next/headers';
import { z } from 'zod';
import { isSignedIn } from '@/lib/access/request';
import {
  createSessionToken,
  passwordMatches,
  sessionCookie,
  sessionMaxAgeS,
} from '@/lib/access/session';
import { getConfig } from '@/lib/config';
import { errorResponse, handle, readJson } from '@/lib/http';

export const dynamic = 'force-dynamic';

const signInSchema = z.object({ password: z.string().max(1000) });

/** Whether a password is needed, and whether this browser is signed in. */
export async function GET() {
  return Response.json({ required: Boolean(getConfig().password), signedIn: await isSignedIn() });
}

/** Signs in with FOLIO_PASSWORD: sets an HttpOnly, SameSite session cookie. */
export function POST(req: Request) {
  return handle(async () => {
    const { password } = getConfig();
    if (!password)
      return errorResponse(404, 'Folio has no password set: there is nothing to sign in to.');
    const body = await readJson(req, signInSchema);
    if (!passwordMatches(body.password, password))
      return errorResponse(401, 'That password is not right.');
    (await cookies()).set(sessionCookie, createSessionToken(password), {
      httpOnly: true,
      sameSite: 'strict',
      secure: new URL(req.url).protocol === 'https:',
      path: '/',
      maxAge: sessionMaxAgeS,
    });
    return new Response(null, { status: 204 });
  });
}

/** Signs out. */
export async function DELETE() {
  (await cookies()).delete(sessionCookie);
  return new Response(null, { status: 204 });
}
