/**
 * An original taken out of the SQLite data folder by hand (on PostgreSQL the bytes live in the
 * database with their document): serving or reading it says what happened and what to do, and
 * uploading the same file again puts it back.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uploadFiles } from '../support/api';
import { buildQuarryLedgerPdf } from '../support/pdf';
import { type FolioServer, startFolio } from '../support/server';

let folio: FolioServer;

beforeAll(async () => {
  folio = await startFolio();
});
afterAll(async () => {
  await folio?.stop();
});

it('an original missing from the disk is said so, and uploading the file again puts it back', async () => {
  const content = 'The lock keeper logs every barge that passes.';
  const { body } = await uploadFiles(folio.url, [{ name: 'locks.txt', content }]);
  const id = body.documents[0].id;
  const sha256 = createHash('sha256').update(content).digest('hex');
  fs.rmSync(path.join(folio.dataDir, 'files', sha256.slice(0, 2), sha256));

  const missing = await fetch(`${folio.url}/api/documents/${id}/file`);
  expect(missing.status).toBe(404);
  expect((await missing.json()).error).toMatch(
    /missing from the data folder.*Upload the file again/,
  );

  const again = await uploadFiles(folio.url, [{ name: 'locks.txt', content }]);
  expect(again.body.documents[0].id).toBe(id);
  const restored = await fetch(`${folio.url}/api/documents/${id}/file`);
  expect(restored.status).toBe(200);
  expect(await restored.text()).toBe(content);
});

it('a document whose reading a crash cut short, and whose original is gone, fails saying so', async () => {
  const pdf = buildQuarryLedgerPdf(400);
  const upload = async (url: string) => {
    const form = new FormData();
    form.append('file', new Blob([pdf]), 'quarry.pdf');
    return (await (await fetch(`${url}/api/documents`, { method: 'POST', body: form })).json())
      .documents[0];
  };
  const crashing = await startFolio();
  const { id } = await upload(crashing.url);
  await crashing.stop('SIGKILL');
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  fs.rmSync(path.join(crashing.dataDir, 'files', sha256.slice(0, 2), sha256));

  const restarted = await startFolio({ dataDir: crashing.dataDir });
  try {
    const document = async () => (await fetch(`${restarted.url}/api/documents/${id}`)).json();
    let read = await document();
    for (let i = 0; i < 100 && read.status === 'processing'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      read = await document();
    }
    expect(read).toMatchObject({ status: 'failed' });
    expect(read.error).toMatch(/missing from the data folder.*Upload the file again/);

    // Failed, it is read again from the bytes uploaded anew.
    expect(await upload(restarted.url)).toMatchObject({ id, status: 'processing' });
    expect(await (await fetch(`${restarted.url}/api/documents/${id}/file`)).arrayBuffer()).toEqual(
      pdf.buffer,
    );
  } finally {
    await restarted.stop();
  }
}, 60_000);
