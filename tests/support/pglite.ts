/**
 * PGlite (PostgreSQL compiled to WebAssembly) served over the Postgres wire protocol on a free
 * loopback port, for what the Debian server cannot show: PGlite ships pgvector, Debian 12 does
 * not. node-postgres talks to it as to any server. PGlite is one session, so give a pool one
 * connection (max: 1): a second would share the first one's transaction.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface PgliteServer {
  /** A URL for node-postgres. */
  url: string;
  stop(): Promise<void>;
}

export async function startPglite(): Promise<PgliteServer> {
  const db = await PGlite.create({ extensions: { vector } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
