/**
 * Uploading documents through the real server: each file of an upload succeeds or fails on its
 * own with a specific message, ingestion is visible, duplicates and deletes behave, and search
 * takes any text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, createChat, getChat, uploadFiles } from '../support/api';
import { buildPdf } from '../support/pdf';
import { type FolioServer, startFolio } from '../support/server';
import { joinedText, readUIParts } from '../support/ui-stream';

interface DocumentView {
  id?: string;
  name: string;
  status: 'processing' | 'ready' | 'failed';
  stage?: string | null;
  pages?: number;
  chunks?: number;
  error?: string | null;
  mediaType?: string;
}

let folio: FolioServer;

async function uploadSettled(files: Parameters<typeof uploadFiles>[1]) {
  const { status, body } = await uploadFiles(folio.url, files);
  expect(status).toBe(201);
  return body.documents as unknown as DocumentView[];
}

beforeAll(async () => {
  folio = await startFolio({ env: { FOLIO_MAX_UPLOAD_MB: '0.05' } });
});
afterAll(async () => {
  await folio?.stop();
});

describe('an upload of several files', () => {
  it('reads each on its own: ready, empty, unsupported, too large', async () => {
    const docs = await uploadSettled([
      {
        name: 'notes.md',
        content: '# Notes\n\nThe orchard has forty apple trees.\n',
        type: 'text/markdown',
      },
      { name: 'empty.txt', content: '' },
      {
        name: 'program.txt',
        content: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]),
      },
      { name: 'big.txt', content: 'word '.repeat(20_000) },
    ]);
    expect(docs[0]).toMatchObject({ name: 'notes.md', status: 'ready', pages: 1, chunks: 1 });
    expect(docs[1]).toMatchObject({
      name: 'empty.txt',
      status: 'failed',
      error: 'This file is empty.',
    });
    expect(docs[2]).toMatchObject({ name: 'program.txt', status: 'failed' });
    expect(docs[2].error).toMatch(/not a file type Folio/);
    expect(docs[3]).toMatchObject({ name: 'big.txt', status: 'failed' });
    expect(docs[3].error).toBe('This file is larger than the 51 KB limit.');
    expect(docs[3].id).toBeUndefined();

    const listed = (await (await fetch(`${folio.url}/api/documents`)).json()) as {
      documents: DocumentView[];
    };
    expect(listed.documents.map((d) => d.name)).toEqual(
      expect.arrayContaining(['notes.md', 'empty.txt']),
    );
    expect(listed.documents.map((d) => d.name)).not.toContain('big.txt');
  });

  it('reads a PDF page by page, and a password-protected one says so', async () => {
    // Pages long enough that each is a passage of its own.
    const page = (first: string, filler: string) => [
      { text: first, x: 72, y: 720 },
      ...Array.from({ length: 14 }, (_, i) => ({
        text: `${filler} line ${i + 1}.`,
        x: 72,
        y: 690 - i * 20,
      })),
    ];
    const pdf = buildPdf({
      pages: [
        page(
          'The lighthouse lamp was first lit in 1867.',
          'The tower stands on granite above the cove',
        ),
        page(
          'Its keeper rowed supplies out every Tuesday.',
          'Gulls nest along the seaward wall of the tower',
        ),
      ],
    });
    const locked = buildPdf({
      pages: [[{ text: 'Secret minutes of the board.', x: 72, y: 700 }]],
      encrypt: { userPassword: 'open-sesame', ownerPassword: 'owner' },
    });
    const [ready, encrypted] = await uploadSettled([
      { name: 'lighthouse.pdf', content: new Uint8Array(pdf) },
      { name: 'minutes.pdf', content: new Uint8Array(locked) },
    ]);
    expect(ready).toMatchObject({ status: 'ready', pages: 2, mediaType: 'application/pdf' });
    expect(encrypted).toMatchObject({ status: 'failed' });
    expect(encrypted.error).toMatch(/password/i);

    const search = await fetch(
      `${folio.url}/api/search?q=${encodeURIComponent('keeper supplies Tuesday')}`,
    );
    const { passages } = (await search.json()) as {
      passages: Array<{ documentName: string; pageEnd: number; text: string }>;
    };
    expect(passages[0]).toMatchObject({ documentName: 'lighthouse.pdf', pageEnd: 2 });
    expect(passages[0].text).toContain('Its keeper rowed supplies out every Tuesday.');

    const original = await fetch(`${folio.url}/api/documents/${ready.id}/file`);
    expect(original.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await original.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);

    const text = (await (await fetch(`${folio.url}/api/documents/${ready.id}/text`)).json()) as {
      text: string;
      pages: Array<{ number: number; charStart: number; charEnd: number }>;
    };
    expect(text.pages.map((p) => p.number)).toEqual([1, 2]);
    expect(text.text.slice(text.pages[1].charStart, text.pages[1].charEnd)).toContain(
      'every Tuesday',
    );
  });

  it('returns the existing document for a file uploaded twice', async () => {
    const content = '# Bees\n\nThe hive swarmed in May.\n';
    const [first] = await uploadSettled([{ name: 'bees.md', content }]);
    const [again] = await uploadSettled([{ name: 'bees-again.md', content }]);
    expect(again).toMatchObject({ id: first.id, name: 'bees.md', status: 'ready' });
  });

  it('refuses a body that is not multipart, and one cut off, and keeps serving', async () => {
    const notMultipart = await fetch(`${folio.url}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(notMultipart.status).toBe(400);
    expect((await notMultipart.json()).error).toMatch(/multipart/);

    const truncated = await fetch(`${folio.url}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=XYZ' },
      body: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhalf a fi',
    });
    expect(truncated.status).toBe(400);
    expect((await fetch(`${folio.url}/api/health`)).ok).toBe(true);
  });
});

describe('deleting a document', () => {
  it('removes it from search and its file, while old answers keep their sources', async () => {
    const [doc] = await uploadSettled([
      { name: 'ferry.md', content: '# Ferry\n\nThe ferry to Inchmore leaves at seven.\n' },
    ]);
    const chatId = (await createChat(folio.url)).id;
    const answer = joinedText(
      await readUIParts(await ask(folio.url, chatId, 'When does the ferry to Inchmore leave?')),
    );
    expect(answer).toContain('seven');

    expect((await fetch(`${folio.url}/api/documents/${doc.id}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    expect((await fetch(`${folio.url}/api/documents/${doc.id}`)).status).toBe(404);
    expect((await fetch(`${folio.url}/api/documents/${doc.id}/file`)).status).toBe(404);
    const search = await (await fetch(`${folio.url}/api/search?q=Inchmore+ferry`)).json();
    expect(search.passages).toEqual([]);

    const kept = (await getChat(folio.url, chatId)).messages[1];
    expect(kept.sources[0]).toMatchObject({ documentName: 'ferry.md', cited: true });
    expect(kept.sources[0].text).toContain('leaves at seven');
  });
});

describe('search', () => {
  it('finds a passage by its section heading, though its text never names it', async () => {
    // Long sections, so the sentence that matters sits in a later passage than its heading.
    const filler = (topic: string) =>
      Array.from({ length: 30 }, (_, i) => `Note ${i + 1} on the ${topic} roads and weather.`).join(
        ' ',
      );
    await uploadFiles(folio.url, [
      {
        name: 'gazetteer.md',
        content: `# Gazetteer\n\n## Ravensholm\n\n${filler('northern')}\n\nThe harbour freezes every winter.\n\n## Dunmere\n\n${filler('southern')}\n\nThe harbour is open all year.\n`,
      },
    ]);
    const { passages } = await (
      await fetch(`${folio.url}/api/search?q=Ravensholm+harbour&k=1`)
    ).json();
    expect(passages[0].text).toContain('The harbour freezes every winter.');
    expect(passages[0].text).not.toContain('## Ravensholm');
  });

  it('takes any text without breaking', async () => {
    for (const q of [
      '"unbalanced',
      'NOT AND OR NEAR(',
      'orchard*',
      '^col:apple',
      '🍎 Äpfel ñ',
      'x'.repeat(10_000),
    ]) {
      const res = await fetch(`${folio.url}/api/search?q=${encodeURIComponent(q)}`);
      expect(res.status, q.slice(0, 20)).toBe(200);
    }
    const missing = await fetch(`${folio.url}/api/search`);
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatch(/q/);
  });
});
