/** Small typed calls to Folio's HTTP API, for tests. */
/** Uploads files and waits until each is read (ready or failed), as GET /api/documents/:id says. */
export async function uploadFiles(
  baseUrl: string,
  files: Array<{ name: string; content: string | Uint8Array; type?: string }>,
  /** How long a file may take to be read: longer for pages read by OCR on a busy machine. */
  { timeoutMs = 30_000 }: { timeoutMs?: number } = {},
) {
  const form = new FormData();
  for (const f of files)
    form.append(
      'file',
      new Blob([typeof f.content === 'string' ? f.content : new Uint8Array(f.content)], {
        type: f.type ?? 'text/plain',
      }),
      f.name,
    );
  const res = await fetch(`${baseUrl}/api/documents`, { method: 'POST', body: form });
  const body = (await res.json()) as { documents: Array<Record<string, unknown>> };
  const documents = await Promise.all(
    body.documents.map(async (doc) => {
      const deadline = Date.now() + timeoutMs;
      let current = doc;
      while (current.status === 'processing' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        current = (await (await fetch(`${baseUrl}/api/documents/${doc.id}`)).json()) as Record<
          string,
          unknown
        >;
      }
      return current;
    }),
  );
  return { status: res.status, body: { documents } };
}

export async function createChat(baseUrl: string, body: Record<string, unknown> = {}) {
  const res = await fetch(`${baseUrl}/api/chats`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { id: string; title: string; documentIds: string[] };
}

export function ask(baseUrl: string, chatId: string, content: string, init: RequestInit = {}) {
  return fetch(`${baseUrl}/api/chats/${chatId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ content }),
    ...init,
  });
}

export async function getChat(baseUrl: string, chatId: string) {
  const res = await fetch(`${baseUrl}/api/chats/${chatId}`);
  return (await res.json()) as {
    id: string;
    title: string;
    messages: Array<{
      id: string;
      role: string;
      content: string;
      status: string;
      metadata: Record<string, unknown>;
      sources: Array<{
        n: number;
        documentName: string;
        text: string;
        cited: boolean;
        pageStart: number;
      }>;
    }>;
  };
}
