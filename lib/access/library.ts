/**
 * Where a person's uploads go (FOLIO_AUTH=accounts): into a collection they may add to, their
 * personal library unless they name another. Without accounts documents are in no collection,
 * as ever.
 */
import { type Document, storage } from '@/db';
import type { RejectedFile } from '@/lib/documents/ingest';
import { HttpError } from '@/lib/http';
import type { Actor } from './actor';
import { mayAddTo, readableDocuments } from './authorize';

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

/**
 * Puts a kept upload into its collection. The same bytes kept before are one document, in the
 * collection it went into first: returned as it is when the person may read it there, refused
 * otherwise.
 */
export async function placeUpload(
  kept: Document | RejectedFile,
  collectionId: string | undefined,
  actor: Actor,
): Promise<Document | RejectedFile> {
  if (!collectionId || !('id' in kept)) return kept;
  const { collections } = storage();
  const already = await collections.collectionOf(kept.id);
  if (!already) {
    await collections.place(kept.id, collectionId);
    return kept;
  }
  const readable = await readableDocuments(actor);
  if (readable === 'all' || readable.includes(kept.id)) return kept;
  return {
    name: kept.name,
    size: kept.size,
    status: 'failed',
    error: 'A document with the same contents is already kept in a collection you cannot read.',
  };
}
