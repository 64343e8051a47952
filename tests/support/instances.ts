/** What the tests of several instances share: waiting, asking, following and reading to the end. */
import type pg from 'pg';
import { expect } from 'vitest';
import { ask, getChat } from './api';
import { startFolio } from './server';
import { type UIPart, uiParts } from './ui-stream';

/** Where the instances of one test keep their library, share their answers, and ask the model. */
export interface SharedParts {
  databaseUrl: string;
  redisUrl: string;
  modelUrl: string;
}

/**
 * One Folio instance on the shared PostgreSQL and Redis, answering with the test model server;
 * `leaseS` is how long its leases last, `env` anything else the test sets.
 */
export const startInstance = (
  shared: SharedParts,
  leaseS: number,
  env: Record<string, string> = {},
) =>
  startFolio({
    backend: 'postgres',
    databaseUrl: shared.databaseUrl,
    env: {
      FOLIO_REDIS_URL: shared.redisUrl,
      OPENAI_BASE_URL: shared.modelUrl,
      FOLIO_CHAT_MODEL: 'stub-model',
      FOLIO_INSTANCE_LEASE_S: String(leaseS),
      ...env,
    },
  });

/** Reads until `ok` says so or `ms` have passed; the last value read either way. */
export async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const lastAnswer = async (url: string, chatId: string) =>
  (await getChat(url, chatId)).messages.at(-1)!;

/** Asks on `url` and reads until the answer's text has begun; the rest is left to read. */
export async function askAndWaitForText(url: string, chatId: string) {
  const response = await ask(url, chatId, 'Tell me about the tides');
  expect(response.status).toBe(200);
  const parts = uiParts(response);
  const seen: UIPart[] = [];
  for (;;) {
    const { done, value } = await parts.next();
    if (done) throw new Error(`The answer ended before its text: ${JSON.stringify(seen)}`);
    seen.push(value);
    if (value.type === 'text-delta') return { parts, seen };
  }
}

/** Reads the rest of a stream into `seen`, until it ends or its connection dies. */
export async function drain(parts: AsyncGenerator<UIPart>, seen: UIPart[] = []) {
  try {
    for await (const part of parts) seen.push(part);
  } catch {
    // the connection died with its server
  }
  return seen;
}

/**
 * Waits, as `url` says, until a document is read, and checks that it was stored once: as many
 * passages in the database as the document says, each index once.
 */
export async function readToTheEndOnce(
  database: pg.Client,
  url: string,
  documentId: string,
  ms: number,
) {
  const done = await waitFor(
    async () =>
      (await (await fetch(`${url}/api/documents/${documentId}`)).json()) as {
        status: string;
        pages: number;
        chunks: number;
      },
    (d) => d.status !== 'processing',
    ms,
  );
  const stored = await database.query<{ chunks: string; distinct_indexes: string }>(
    'SELECT count(*) AS chunks, count(DISTINCT index) AS distinct_indexes FROM chunks WHERE document_id = $1',
    [documentId],
  );
  expect(Number(stored.rows[0].chunks)).toBe(done.chunks);
  expect(Number(stored.rows[0].distinct_indexes)).toBe(done.chunks);
  return done;
}
