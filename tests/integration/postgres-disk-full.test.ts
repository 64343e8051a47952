/**
 * A full disk under PostgreSQL: Folio's database lives in a tablespace on a 16 MB file system of
 * its own (the server's write-ahead log stays on the machine's disk). A change the database
 * cannot write (SQLSTATE 53100, disk_full) fails saying the disk is full, until there is room
 * again, and the server goes on serving. The tmpfs is mounted in the PostgreSQL server's own
 * mount namespace, which takes root, as running that server as its own user does.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, it } from 'vitest';
import { startPostgres, type ThrowawayPostgres } from '../support/postgres';
import { type FolioServer, startFolio } from '../support/server';
import { expectRefusedUntilRoom, onSmallDisk, seenBy } from '../support/small-disk';

let postgres: ThrowawayPostgres;
let folio: FolioServer;
let tablespace: string;

beforeAll(async () => {
  tablespace = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-tablespace-'));
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  postgres = await startPostgres({
    launcher: onSmallDisk(tablespace, 16, { uid: id('-u'), gid: id('-g') }),
  });
  const client = new pg.Client(postgres.url);
  await client.connect();
  try {
    await client.query(`CREATE TABLESPACE small LOCATION '${tablespace}'`);
    await client.query('CREATE DATABASE folio_small TABLESPACE small');
  } finally {
    await client.end();
  }
  const url = new URL(postgres.url);
  url.pathname = '/folio_small';
  folio = await startFolio({ databaseUrl: url.toString() });
});
afterAll(async () => {
  await folio?.stop('SIGKILL');
  await postgres?.stop();
  fs.rmSync(tablespace, { recursive: true, force: true });
});

it('a change the database cannot write fails saying the disk is full, until there is room', async () => {
  await expectRefusedUntilRoom(folio.url, seenBy(postgres.pid, tablespace));
});
