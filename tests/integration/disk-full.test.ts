/**
 * A full disk: Folio's data folder is a 20 MB file system of its own (a tmpfs mounted in a
 * mount namespace of the server's, so no privilege is needed). Writes that run out of space
 * fail at once saying the disk is full, leave no partial file, and the server goes on serving
 * and stops when told to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadFiles } from '../support/api';
import { type FolioServer, startFolio } from '../support/server';

let folio: FolioServer;
/** The data folder as the server sees it: its tmpfs is mounted only in its own namespace. */
let dataDir: string;

beforeAll(async () => {
  folio = await startFolio({
    launcher: [
      'unshare',
      '--user',
      '--map-root-user',
      '--mount',
      'sh',
      '-c',
      'mount -t tmpfs -o size=20m folio-full "$FOLIO_DATA_DIR" && exec "$@"',
      'sh',
    ],
  });
  dataDir = `/proc/${folio.process.pid}/root${folio.dataDir}`;
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

  it('a change the database cannot write fails saying the disk is full, until there is room', async () => {
    const filler = path.join(dataDir, 'filler');
    const block = Buffer.alloc(1024 * 1024);
    const fd = fs.openSync(filler, 'w');
    try {
      for (;;) fs.writeSync(fd, block);
    } catch (error) {
      expect((error as { code?: string }).code).toBe('ENOSPC');
    } finally {
      fs.closeSync(fd);
    }
    const create = () =>
      fetch(`${folio.url}/api/chats`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Tides' }),
      });
    // Pages SQLite had spare may take a few small writes before one needs a new one.
    let refused: Response | undefined;
    for (let i = 0; i < 200 && !refused; i++) {
      const res = await create();
      if (res.status !== 201) refused = res;
    }
    expect(refused?.status).toBe(507);
    expect((await refused!.json()).error).toMatch(/^The disk is full/);
    expect((await fetch(`${folio.url}/api/health`)).ok).toBe(true);

    fs.rmSync(filler);
    expect((await create()).status).toBe(201);
  });

  it('the server still stops at once on SIGTERM', async () => {
    const began = Date.now();
    await folio.stop('SIGTERM');
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(folio.output()).not.toMatch(/unhandledRejection/i);
  });
});
