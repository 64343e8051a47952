import { auth } from '@/lib/access/accounts';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** Revokes one of this person's API keys: it stops working at once. */
export async function DELETE(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const keyId = (await params).id;
  try {
    await auth().api.deleteApiKey({ body: { keyId }, headers: req.headers });
  } catch {
    // better-auth answers the same for a key that is not there and one that is someone else's.
    return errorResponse(404, 'No such API key.');
  }
  return new Response(null, { status: 204 });
}
