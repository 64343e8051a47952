/**
 * Notices, through PostgreSQL's LISTEN/NOTIFY, that a document was queued to read: every
 * instance sharing the database hears it, so a free reader on any of them takes the document
 * at once rather than at its next lease renewal.
 */
import { type SQL, sql } from 'drizzle-orm';
import pg from 'pg';

const channel = 'folio_documents_queued';

/**
 * Said in the transaction that queues a document (or after it), the notice goes out when the
 * transaction commits: no instance looks for the document before it is there.
 */
export const noticeQueued: SQL = sql.raw(`NOTIFY ${channel}`);

const retryMs = 1000;

/**
 * Listens on a connection of its own, beside the pool, so that it takes none of the pool's. A
 * connection that breaks is replaced; whatever was queued meanwhile went unheard, so the
 * callbacks are called once when listening again.
 */
export class QueuedListener {
  private readonly callbacks: Array<() => void> = [];
  private client?: pg.Client;
  private connecting?: Promise<void>;
  private closed = false;

  constructor(private readonly url: string) {}

  async listen(callback: () => void): Promise<void> {
    this.callbacks.push(callback);
    this.connecting ??= this.connect();
    await this.connecting;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
  }

  private heard = () => {
    for (const callback of this.callbacks) callback();
  };

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', this.heard);
    client.on('error', (error) => {
      if (this.closed || this.client !== client) return; // LISTEN failed: its caller hears why
      this.client = undefined;
      console.error(`Stopped hearing of queued documents (${error.message}); listening again.`);
      client.end().catch(() => undefined);
      this.relisten();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    if (this.closed) await client.end();
  }

  private relisten(): void {
    if (this.closed) return;
    setTimeout(() => {
      this.connect().then(this.heard, () => this.relisten());
    }, retryMs).unref();
  }
}
