import { storage } from '@/db';
import { removeCollection } from '@/lib/access/collections';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** A collection with its members and documents' ids (its members only: authorize.ts). */
export async function GET(_req: Request, { params }: Context) {
  const { id } = await params;
  const { collections } = storage();
  const collection = await collections.get(id);
  if (!collection) return errorResponse(404, 'No such collection.');
  const [members, documentIds] = await Promise.all([
    collections.members(id),
    collections.documentIds([id]),
  ]);
  return Response.json({ ...collection, members, documentIds });
}

/** Deletes a shared collection and its documents (its owners only). */
export async function DELETE(_req: Request, { params }: Context) {
  const { id } = await params;
  const collection = await storage().collections.get(id);
  if (!collection) return errorResponse(404, 'No such collection.');
  if (collection.personalOf) {
    return errorResponse(400, 'A personal library goes only with its person.');
  }
  await removeCollection(id);
  return new Response(null, { status: 204 });
}
