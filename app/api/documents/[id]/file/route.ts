import { storage } from '@/db';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const file = await storage().files.read((await params).id);
  if (!file) return errorResponse(404, 'No such document.');
  return new Response(file.bytes, {
    headers: {
      'content-type': file.mediaType,
      'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'x-content-type-options': 'nosniff',
    },
  });
}
