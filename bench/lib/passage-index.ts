import Database from 'better-sqlite3';
import type { Span } from './retrieval-metrics';

/**
 * An in-memory SQLite FTS5 index over passages, asked the way Folio asked its FTS5 chunk index
 * before it had its own: a `porter unicode61` table, the OR of the quoted query terms, ordered
 * by bm25() (the scoring Folio's index, db/search, reproduces exactly). Used for the baseline
 * (the gold paragraphs themselves) and to replay other chunkings of the same documents without
 * changing the server.
 */
export class PassageIndex {
  private readonly db: Database.Database;
  private readonly spans: Span[];
  private readonly statement: Database.Statement<[string, number], { id: number }>;

  constructor(passages: ReadonlyArray<Span & { text: string }>) {
    this.db = new Database(':memory:');
    this.db.exec("CREATE VIRTUAL TABLE passages USING fts5(text, tokenize = 'porter unicode61')");
    const insert = this.db.prepare<[number, string]>(
      'INSERT INTO passages(rowid, text) VALUES (?, ?)',
    );
    this.db.transaction(() => {
      passages.forEach((p, i) => {
        insert.run(i + 1, p.text);
      });
    })();
    this.spans = passages.map(({ doc, start, end }) => ({ doc, start, end }));
    this.statement = this.db.prepare(
      'SELECT rowid AS id FROM passages WHERE passages MATCH ? ORDER BY bm25(passages) LIMIT ?',
    );
  }

  get size(): number {
    return this.spans.length;
  }

  search(terms: readonly string[], k: number): Span[] {
    if (terms.length === 0) return [];
    const match = terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' OR ');
    return this.statement.all(match, k).map((row) => this.spans[row.id - 1]);
  }

  close(): void {
    this.db.close();
  }
}
