import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { storage } from '@/db';
import { requestActor } from '@/lib/access/actor';
import { mayReadAll, ownChatIds } from '@/lib/access/authorize';
import { errorResponse, handle, readJson } from '@/lib/http';

export const dynamic = 'force-dynamic';

const newChatSchema = z.object({
  title: z.string().trim().max(200).optional(),
  documentIds: z.array(z.string().min(1).max(100)).max(1000).default([]),
});

export async function GET() {
  const [chats, own] = await Promise.all([
    storage().chats.list(),
    ownChatIds(await requestActor()),
  ]);
  return Response.json({ chats: own === 'all' ? chats : chats.filter((c) => own.has(c.id)) });
}

export function POST(req: Request) {
  return handle(async () => {
    const actor = await requestActor();
    const body = await readJson(req, newChatSchema.default({ documentIds: [] }));
    if (!(await mayReadAll(actor, body.documentIds)))
      return errorResponse(404, 'No such document.');
    const chat = await storage().chats.create(
      randomUUID(),
      body.title || 'New chat',
      body.documentIds,
      actor.kind === 'person' ? actor.id : undefined,
    );
    return Response.json(chat, { status: 201 });
  });
}
