import { z } from 'zod';
import { auth } from '@/lib/access/accounts';
import { type PersonActor, requestActor } from '@/lib/access/actor';
import { handle, readJson } from '@/lib/http';

export const dynamic = 'force-dynamic';

const newKeySchema = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(100),
  /** Days until it stops working; none: it works until revoked. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

const shown = (key: {
  id: string;
  name: string | null;
  start: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastRequest: Date | null;
}) => ({
  id: key.id,
  name: key.name,
  start: key.start,
  createdAt: key.createdAt,
  expiresAt: key.expiresAt,
  lastUsedAt: key.lastRequest,
});

/** This person's API keys: their names and first characters, never the keys. */
export async function GET(req: Request) {
  const { apiKeys } = await auth().api.listApiKeys({ headers: req.headers, query: {} });
  return Response.json({ keys: apiKeys.map(shown) });
}

/** Makes an API key for this person: the answer holds the key, shown this once. */
export function POST(req: Request) {
  return handle(async () => {
    const { name, expiresInDays } = await readJson(req, newKeySchema);
    const person = (await requestActor()) as PersonActor;
    const created = await auth().api.createApiKey({
      body: {
        name,
        userId: person.id,
        expiresIn: expiresInDays ? expiresInDays * 24 * 60 * 60 : null,
      },
    });
    return Response.json({ ...shown(created), key: created.key }, { status: 201 });
  });
}
