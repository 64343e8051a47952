import { json } from './server-run';

export interface ApiDocument {
  id: string;
  name: string;
  status: string;
  chunks?: number;
  error?: string;
}

export interface UploadFile {
  name: string;
  content: string | Uint8Array<ArrayBuffer>;
  /** Default text/markdown. */
  type?: string;
}

const READY_DEADLINE_MS = 180_000;
/** The server takes at most 100 files per upload. */
const FILES_PER_UPLOAD = 100;

/** Uploads files in one request and waits until each has been read (ready or failed). */
async function uploadAndWait(url: string, files: UploadFile[]): Promise<ApiDocument[]> {
  const form = new FormData();
  for (const f of files) {
    form.append('file', new Blob([f.content], { type: f.type ?? 'text/markdown' }), f.name);
  }
  const uploaded = await json<{ documents: ApiDocument[] }>(
    await fetch(`${url}/api/documents`, { method: 'POST', body: form }),
  );
  const deadline = Date.now() + READY_DEADLINE_MS;
  const documents: ApiDocument[] = [];
  for (const doc of uploaded.documents) {
    let current = doc;
    while (current.status === 'processing') {
      if (Date.now() > deadline) throw new Error(`${doc.name} still processing after 180 s`);
      await new Promise((r) => setTimeout(r, 100));
      current = await json<ApiDocument>(await fetch(`${url}/api/documents/${doc.id}`));
    }
    documents.push(current);
  }
  return documents;
}

/**
 * Uploads all documents, as many per request as the server takes, as a person would; a
 * document that failed is uploaded again on its own (a failed duplicate is read again), and
 * the failures are reported.
 */
export async function uploadAll(
  url: string,
  files: UploadFile[],
): Promise<{ documents: ApiDocument[]; failures: string[] }> {
  const documents: ApiDocument[] = [];
  for (let i = 0; i < files.length; i += FILES_PER_UPLOAD) {
    documents.push(...(await uploadAndWait(url, files.slice(i, i + FILES_PER_UPLOAD))));
  }
  const failures: string[] = [];
  for (const [i, doc] of documents.entries()) {
    if (doc.status === 'ready') continue;
    failures.push(`${doc.name}: ${doc.status} (${doc.error ?? 'no reason given'})`);
    const [again] = await uploadAndWait(url, [files[i]]);
    if (again.status !== 'ready') {
      throw new Error(`${doc.name} ended ${again.status} twice: ${again.error ?? ''}`);
    }
    documents[i] = again;
  }
  return { documents, failures };
}
