import { z } from 'zod';
import { storage } from '@/db';
import { requestActor } from '@/lib/access/actor';
import { linkTo } from '@/lib/access/links';
import { invitationLifetimeMs } from '@/lib/access/sign-up';
import { newToken } from '@/lib/access/tokens';
import { errorResponse, handle, readJson } from '@/lib/http';

export const dynamic = 'force-dynamic';

const invitationSchema = z.object({
  email: z.email({ message: 'email must be an email address' }).max(320),
});

/** Invitations not yet taken up or expired (admins only). */
export async function GET() {
  const invitations = await storage().invitations.list();
  return Response.json({
    invitations: invitations.map(({ email, expiresAt }) => ({ email, expiresAt })),
  });
}

/**
 * Invites someone: the answer holds the sign-up link, shown this once (only its hash is kept).
 * Inviting the same address again makes a new link and voids the old one.
 */
export function POST(req: Request) {
  return handle(async () => {
    const email = (await readJson(req, invitationSchema)).email.toLowerCase();
    if ((await storage().people.list()).some((p) => p.email === email)) {
      return errorResponse(409, 'Someone with that email address has an account already.');
    }
    const actor = await requestActor();
    const { token, hash } = newToken();
    const expiresAt = new Date(Date.now() + invitationLifetimeMs);
    await storage().invitations.put({
      email,
      tokenHash: hash,
      invitedBy: actor.kind === 'person' ? actor.id : null,
      expiresAt,
    });
    const link = linkTo(`/sign-up?invitation=${token}&email=${encodeURIComponent(email)}`, req);
    return Response.json({ email, expiresAt, link }, { status: 201 });
  });
}
