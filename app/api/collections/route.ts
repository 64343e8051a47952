import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { storage } from '@/db';
import { type PersonActor, requestActor } from '@/lib/access/actor';
import { visibleCollections } from '@/lib/access/collections';
import { handle, readJson } from '@/lib/http';

export const dynamic = 'force-dynamic';

const newCollectionSchema = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(200),
});

/** The collections this person may read, with their role in each and its documents' ids. */
export async function GET() {
  const person = (await requestActor()) as PersonActor;
  return Response.json({ collections: await visibleCollections(person) });
}

/** Makes a shared collection, owned by whoever makes it. */
export function POST(req: Request) {
  return handle(async () => {
    const { name } = await readJson(req, newCollectionSchema);
    const person = (await requestActor()) as PersonActor;
    const collection = await storage().collections.create({ id: randomUUID(), name }, person.id);
    return Response.json({ ...collection, role: 'owner', documentIds: [] }, { status: 201 });
  });
}
