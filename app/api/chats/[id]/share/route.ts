import { storage } from '@/db';
import { linkTo } from '@/lib/access/links';
import { newToken } from '@/lib/access/tokens';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** Whether the chat is shared by a link (its owner only: authorize.ts). */
export async function GET(_req: Request, { params }: Context) {
  return Response.json({ shared: await storage().shareLinks.isShared((await params).id) });
}

/**
 * Shares the chat read-only by a new link, shown this once (only its hash is kept); an earlier
 * link stops working.
 */
export async function POST(req: Request, { params }: Context) {
  const { id } = await params;
  const { token, hash } = newToken();
  await storage().shareLinks.open(id, hash);
  return Response.json({ shared: true, link: linkTo(`/shared/${token}`, req) }, { status: 201 });
}

/** Revokes the chat's link: it opens nothing any more. */
export async function DELETE(_req: Request, { params }: Context) {
  return (await storage().shareLinks.revoke((await params).id))
    ? new Response(null, { status: 204 })
    : errorResponse(404, 'This chat is not shared.');
}
