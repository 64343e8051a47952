/**
 * A full disk under SQLite: the data folder, which holds the database, is a 20 MB file system
 * of its own. A change the database cannot write fails saying the disk is full, until there is
 * room again, and the server goes on serving.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
import { type FolioServer, startFolio } from '../support/server';
import { expectRefusedUntilRoom, onSmallDisk, seenBy } from '../support/small-disk';

let folio: FolioServer;

beforeAll(async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-test-'));
  folio = await startFolio({ dataDir: folder, launcher: onSmallDisk(folder, 20) });
});
afterAll(async () => {
  await folio?.stop('SIGKILL');
});

it('a change the database cannot write fails saying the disk is full, until there is room', async () => {
  await expectRefusedUntilRoom(folio.url, seenBy(folio.process.pid!, folio.dataDir));
});
