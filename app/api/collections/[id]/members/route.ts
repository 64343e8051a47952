import { z } from 'zod';
import { collectionRoles, storage } from '@/db';
import { errorResponse, handle, readJson } from '@/lib/http';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

const memberSchema = z.object({
  email: z.email({ message: 'email must be an email address' }).max(320),
  role: z.enum(collectionRoles),
});

export async function GET(_req: Request, { params }: Context) {
  return Response.json({ members: await storage().collections.members((await params).id) });
}

/** Gives a person with an account a role in the collection (its owners only). */
export function PUT(req: Request, { params }: Context) {
  return handle(async () => {
    const { id } = await params;
    const { email, role } = await readJson(req, memberSchema);
    const { collections, people } = storage();
    if ((await collections.get(id))?.personalOf) {
      return errorResponse(400, 'A personal library is not shared: make a collection to share.');
    }
    const person = (await people.list()).find((p) => p.email === email.toLowerCase());
    if (!person) return errorResponse(404, 'Nobody with that email address has an account.');
    await collections.setMember(id, person.id, role);
    return Response.json({ members: await collections.members(id) });
  });
}
