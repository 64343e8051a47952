import { storage } from '@/db';
import { removeDocument } from '@/lib/documents/ingest';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export async function GET(_req: Request, { params }: Context) {
  const document = await storage().documents.get((await params).id);
  return document ? Response.json(document) : errorResponse(404, 'No such document.');
}

export async function DELETE(_req: Request, { params }: Context) {
  return (await removeDocument((await params).id))
    ? new Response(null, { status: 204 })
    : errorResponse(404, 'No such document.');
}
