/** Collections as people see them (FOLIO_AUTH=accounts): with their role and members. */
import { type Collection, type CollectionRole, storage } from '@/db';
import { removeDocument } from '@/lib/documents/ingest';
import type { PersonActor } from './actor';

export interface VisibleCollection extends Collection {
  /** The person's role in it (an admin owns every one). */
  role: CollectionRole;
  /** Whose personal library it is, by name, when it is someone else's (an admin reads all). */
  ownerName?: string;
  documentIds: string[];
}

/** The collections a person may read, their personal library first. */
export async function visibleCollections(person: PersonActor): Promise<VisibleCollection[]> {
  const { collections } = storage();
  const all = await collections.list();
  const roles = new Map(
    person.role === 'admin'
      ? all.map((c) => [c.id, 'owner' as const])
      : (await collections.membershipsOf(person.id)).map((m) => [m.collectionId, m.role]),
  );
  const visible = all
    .filter((c) => roles.has(c.id))
    .sort((a, b) => Number(b.personalOf === person.id) - Number(a.personalOf === person.id));
  return Promise.all(
    visible.map(async (c) => {
      const seen = {
        ...c,
        role: roles.get(c.id)!,
        documentIds: await collections.documentIds([c.id]),
      };
      if (!c.personalOf || c.personalOf === person.id) return seen;
      // An admin sees everyone's personal library: each by whose it is.
      const ownerName = (await storage().people.get(c.personalOf))?.name ?? 'Someone';
      return { ...seen, name: `${ownerName}’s library`, ownerName };
    }),
  );
}

/** Removes a collection with its documents. */
export async function removeCollection(id: string): Promise<boolean> {
  const { collections } = storage();
  for (const documentId of await collections.documentIds([id])) await removeDocument(documentId);
  return collections.remove(id);
}
