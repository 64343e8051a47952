/**
 * A full disk under uploads: Folio's data folder, where uploads stream to, is a 20 MB file
 * system of its own. An upload that runs out of space fails at once saying the disk is full and
 * leaves no partial file, and the server goes on serving and stops when told to. (A database
 * that runs out: sqlite-disk-full, postgres-disk-full.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadFiles } from '../support/api';
import { type FolioServer, startFolio } from '../support/server';
import { onSmallDisk, seenBy } from '../support/small-disk';

let folio: FolioServer;
/** The data folder as the server sees it. */
let dataDir: string;

beforeAll(async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-test-'));
  folio = await startFolio({ dataDir: folder, launcher: onSmallDisk(folder, 20) });
  dataDir = seenBy(folio.process.pid!, folder);
});
afterAll(async () => {
  await folio?.stop('SIGKILL');
});

const temporaryFiles = () => {
  const folder = path.join(dataDir, 'uploads');
  return fs.existsSync(folder) ? fs.readdirSync(folder) : [];
};

describe('with the disk full', () => {
  it('an upload that does not fit fails at once, saying so, and leaves nothing behind', async () => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(30 * 1024 * 1024, 'harbour ')]), 'big.txt');
    const res = await fetch(`${folio.url}/api/documents`, {
      method: 'POST',
      body: form,
      signal: AbortSignal.timeout(20_000),
    });
    expect(res.status).toBe(507);
    expect((await res.json()).error).toMatch(/^The disk is full/);
    expect(temporaryFiles()).toEqual([]);

    const { body } = await uploadFiles(folio.url, [{ name: 'small.txt', content: 'It fits.' }]);
    expect(body.documents[0]).toMatchObject({ status: 'ready' });
  });

  it('the server still stops at once on SIGTERM', async () => {
    const began = Date.now();
    await folio.stop('SIGTERM');
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(folio.output()).not.toMatch(/unhandledRejection/i);
  });
});
