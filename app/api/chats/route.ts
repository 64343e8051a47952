import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { storage } from '@/db';
import { handle, readJson } from '@/lib/http';

export const dynamic = 'force-dynamic';

const newChatSchema = z.object({
  title: z.string().trim().max(200).optional(),
  documentIds: z.array(z.string().min(1).max(100)).max(1000).default([]),
});

export async function GET() {
  return Response.json({ chats: await storage().chats.list() });
}

export function POST(req: Request) {
  return handle(async () => {
    const body = await readJson(req, newChatSchema.default({ documentIds: [] }));
    const chat = await storage().chats.create(
      randomUUID(),
      body.title || 'New chat',
      body.documentIds,
    );
    return Response.json(chat, { status: 201 });
  });
}
