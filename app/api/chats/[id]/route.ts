import { z } from 'zod';
import { storage } from '@/db';
import { requestActor } from '@/lib/access/actor';
import { mayReadAll } from '@/lib/access/authorize';
import { chatWithMessages } from '@/lib/chat/views';
import { errorResponse, handle, readJson } from '@/lib/http';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

const chatChangesSchema = z.object({
  title: z.string().trim().min(1, 'title must not be empty').max(200).optional(),
  documentIds: z.array(z.string().min(1).max(100)).max(1000).optional(),
});

export async function GET(_req: Request, { params }: Context) {
  const chat = await storage().chats.get((await params).id);
  return chat ? Response.json(await chatWithMessages(chat)) : errorResponse(404, 'No such chat.');
}

export function PATCH(req: Request, { params }: Context) {
  return handle(async () => {
    const { id } = await params;
    const changes = await readJson(req, chatChangesSchema);
    if (!(await mayReadAll(await requestActor(), changes.documentIds ?? []))) {
      return errorResponse(404, 'No such document.');
    }
    const { chats } = storage();
    if (!(await chats.get(id))) return errorResponse(404, 'No such chat.');
    return Response.json(await chats.update(id, changes));
  });
}

export async function DELETE(_req: Request, { params }: Context) {
  const { id } = await params;
  return (await storage().chats.remove(id))
    ? new Response(null, { status: 204 })
    : errorResponse(404, 'No such chat.');
}
