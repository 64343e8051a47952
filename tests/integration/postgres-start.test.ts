/**
 * With FOLIO_DATABASE_URL set, Folio starts on PostgreSQL, or does not start at all and says
 * which database and why: a typo in the URL, nothing listening, no such database.
 */
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/backends';
import { freePort } from '../support/ports';
import { startFolio } from '../support/server';

/** What Folio printed when it refused to start with this database URL. */
async function refusal(databaseUrl: string): Promise<string> {
  const started = startFolio({ env: { FOLIO_DATABASE_URL: databaseUrl } });
  const error = await started.then(
    async (folio) => {
      await folio.stop();
      throw new Error(`Folio started with FOLIO_DATABASE_URL=${databaseUrl}`);
    },
    (e: Error) => e,
  );
  return error.message;
}

describe('on PostgreSQL', () => {
  it('keeps its library in the database the URL names, and says so', async () => {
    const databaseUrl = await createTestDatabase();
    const folio = await startFolio({ databaseUrl });
    try {
      const health = await (await fetch(`${folio.url}/api/health`)).json();
      expect(health).toMatchObject({ ok: true, storage: { backend: 'postgres' } });
      expect(folio.output()).toContain(`Folio keeps its data in PostgreSQL at ${databaseUrl}`);
    } finally {
      await folio.stop();
    }
  });

  it('with an embedding model but no pgvector, searches by BM25 alone and says why', async () => {
    const folio = await startFolio({
      backend: 'postgres',
      env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', FOLIO_EMBEDDING_MODEL: 'embedder' },
    });
    try {
      const health = await (await fetch(`${folio.url}/api/health`)).json();
      expect(health.retrieval).toEqual({
        mode: 'bm25',
        reason: expect.stringMatching(/^Hybrid search is off: .*pgvector/),
      });
      expect(folio.output()).toContain(health.retrieval.reason);
    } finally {
      await folio.stop();
    }
  });

  it('does not start when nothing listens at the address, and says so', async () => {
    const port = await freePort();
    const message = await refusal(`postgres://folio:secret@127.0.0.1:${port}/folio`);
    expect(message).toContain(`cannot use PostgreSQL at postgres://folio@127.0.0.1:${port}/folio`);
    expect(message).toContain(`Nothing accepts connections at 127.0.0.1:${port}`);
    expect(message).not.toContain('secret');
  });

  it('does not start when the database does not exist, and says which', async () => {
    const url = new URL(await createTestDatabase());
    url.pathname = '/no_such_library';
    expect(await refusal(url.toString())).toContain(
      'The server has no database named no_such_library',
    );
  });

  it('does not start with a URL that is not PostgreSQL, and names the variable', async () => {
    expect(await refusal('mysql://localhost/folio')).toMatch(
      /FOLIO_DATABASE_URL: must be a PostgreSQL URL/,
    );
  });
});
