/** Small typed calls to Folio's HTTP API, for tests. */
export async function uploadFiles(
  baseUrl: string,
  files: Array<{ name: string; content: string | Uint8Array<ArrayBuffer>; type?: string }>,
) {
  const form = new FormData();
  for (const f of files)
    form.append('file', new Blob([f.content], { type: f.type ?? 'text/plain' }), f.name);
  const res = await fetch(`${baseUrl}/api/documents`, { method: 'POST', body: form });
  return {
    status: res.status,
    body: (await res.json()) as { documents: Array<Record<string, unknown>> },
  };
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
