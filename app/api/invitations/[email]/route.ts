import { storage } from '@/db';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** Withdraws an invitation: its link no longer signs anyone up. */
export async function DELETE(_req: Request, { params }: { params: Promise<{ email: string }> }) {
  const email = decodeURIComponent((await params).email).toLowerCase();
  return (await storage().invitations.remove(email))
    ? new Response(null, { status: 204 })
    : errorResponse(404, 'No such invitation.');
}
