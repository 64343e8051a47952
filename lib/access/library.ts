/**
 * Where a person's uploads go (FOLIO_AUTH=accounts): into a collection they may add to, their
 * personal library unless they name another. Without accounts documents are in no collection,
 * as ever. The same bytes are one document per collection (Documents.add): an upload is never
 * told whether a collection it cannot read holds them.
 */
import { storage } from '@/db';
import { HttpError } from '@/lib/http';
import type { Actor } from './actor';
import { mayAddTo } from './authorize';

/** The collection an upload goes into, or an HttpError saying why it may not. */
export async function uploadCollection(
  actor: Actor,
  asked: string | null,
): Promise<string | undefined> {
  if (actor.kind === 'anyone') return undefined;
  const collectionId = asked ?? (await storage().collections.personal(actor.id))?.id;
  if (!collectionId) throw new HttpError(404, 'No such collection.');
  if (!(await mayAddTo(actor, collectionId))) {
    throw new HttpError(403, 'Only an editor or owner of that collection may add documents to it.');
  }
  return collectionId;
}
