import { listDocuments } from '@/db/queries';
import { getConfig } from '@/lib/config';
import { ingestFile } from '@/lib/documents/ingest';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ documents: listDocuments() });
}

export async function POST(req: Request) {
  const { maxUploadBytes } = getConfig();
  const limitMb = Math.round(maxUploadBytes / 1024 / 1024);
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    return errorResponse(
      400,
      'Send the files as multipart/form-data, each in a field named "file".',
    );
  }
  const files = form.getAll('file').filter((f): f is File => f instanceof File);
  if (files.length === 0)
    return errorResponse(400, 'No files: add one or more fields named "file".');

  const documents = [];
  for (const file of files) {
    if (file.size > maxUploadBytes) {
      documents.push({
        name: file.name,
        size: file.size,
        status: 'failed',
        error: `This file is larger than ${limitMb} MB.`,
      });
      continue;
    }
    documents.push(await ingestFile(file.name, new Uint8Array(await file.arrayBuffer())));
  }
  return Response.json({ documents }, { status: 201 });
}
