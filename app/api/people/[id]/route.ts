import { z } from 'zod';
import { personRoles } from '@/db';
import { removePerson, setRole } from '@/lib/access/people';
import { errorResponse, handle, readJson } from '@/lib/http';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

const changesSchema = z.object({ role: z.enum(personRoles) });

/** Approves someone pending (role member), makes an admin, or takes the role back. */
export function PATCH(req: Request, { params }: Context) {
  return handle(async () => {
    const { role } = await readJson(req, changesSchema);
    const person = await setRole((await params).id, role);
    return person ? Response.json(person) : errorResponse(404, 'No such person.');
  });
}

/** Removes a person, their chats and personal library; their sessions and keys end. */
export function DELETE(_req: Request, { params }: Context) {
  return handle(async () =>
    (await removePerson((await params).id))
      ? new Response(null, { status: 204 })
      : errorResponse(404, 'No such person.'),
  );
}
