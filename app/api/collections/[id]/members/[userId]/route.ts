import { storage } from '@/db';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * Takes a member out of the collection (its owners only). Their chats keep the answers they
 * had, sources quoted, but the documents no longer open for them.
 */
export async function DELETE(
  _req: Request,
  { params }: { params: Promise<{ id: string; userId: string }> },
) {
  const { id, userId } = await params;
  const { collections } = storage();
  const members = await collections.members(id);
  const owners = members.filter((m) => m.role === 'owner');
  if (owners.length === 1 && owners[0].userId === userId) {
    return errorResponse(400, 'A collection keeps at least one owner: make another owner first.');
  }
  return (await collections.removeMember(id, userId))
    ? new Response(null, { status: 204 })
    : errorResponse(404, 'No such member.');
}
