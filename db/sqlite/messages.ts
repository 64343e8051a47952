import { and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { Messages } from '../storage';
import type { Source } from '../types';
import type { SqliteContext } from './context';
import { orphaned } from './instances';
import { chats, messageSources, messages } from './schema';

const { id: _sourceId, ...sourceColumns } = getTableColumns(messageSources);
const { instanceId: _owner, ...messageColumns } = getTableColumns(messages);

export function sqliteMessages({ db, tx, paced }: SqliteContext): Messages {
  const byId = eq(messages.id, sql.placeholder('id'));
  const q = {
    list: db
      .select(messageColumns)
      .from(messages)
      .where(eq(messages.chatId, sql.placeholder('chatId')))
      .orderBy(asc(sql`${messages}.rowid`))
      .prepare(),
    // A chat's sources in one query, through a subquery of its messages.
    sources: db
      .select(sourceColumns)
      .from(messageSources)
      .where(
        inArray(
          messageSources.messageId,
          db
            .select({ id: messages.id })
            .from(messages)
            .where(eq(messages.chatId, sql.placeholder('chatId'))),
        ),
      )
      .orderBy(asc(messageSources.n))
      .prepare(),
    insert: db
      .insert(messages)
      .values({
        id: sql.placeholder('id'),
        chatId: sql.placeholder('chatId'),
        role: sql.placeholder('role'),
        content: sql.placeholder('content'),
        status: sql.placeholder('status'),
        metadata: sql.placeholder('metadata'),
        createdAt: sql.placeholder('createdAt'),
        instanceId: sql.placeholder('instanceId'),
      })
      .prepare(),
    remove: db.delete(messages).where(byId).prepare(),
    // Marks a chat as just used, which orders the chat list.
    touchChat: db
      .update(chats)
      .set({ updatedAt: sql`${sql.placeholder('now')}` })
      .where(eq(chats.id, sql.placeholder('chatId')))
      .prepare(),
    finish: db
      .update(messages)
      .set({
        content: sql`${sql.placeholder('content')}`,
        status: sql`${sql.placeholder('status')}`,
        metadata: sql`${sql.placeholder('metadata')}`,
      })
      .where(byId)
      .prepare(),
    removeSources: db
      .delete(messageSources)
      .where(eq(messageSources.messageId, sql.placeholder('messageId')))
      .prepare(),
    insertSource: db
      .insert(messageSources)
      .values({
        messageId: sql.placeholder('messageId'),
        n: sql.placeholder('n'),
        chunkId: sql.placeholder('chunkId'),
        documentId: sql.placeholder('documentId'),
        documentName: sql.placeholder('documentName'),
        pageStart: sql.placeholder('pageStart'),
        pageEnd: sql.placeholder('pageEnd'),
        charStart: sql.placeholder('charStart'),
        charEnd: sql.placeholder('charEnd'),
        text: sql.placeholder('text'),
        score: sql.placeholder('score'),
        cited: sql.placeholder('cited'),
      })
      .prepare(),
    checkpoint: db
      .update(messages)
      .set({ content: sql`${sql.placeholder('content')}` })
      .where(and(byId, eq(messages.status, 'streaming')))
      .prepare(),
    interruptOrphaned: db
      .update(messages)
      .set({ status: 'interrupted' })
      .where(and(eq(messages.status, 'streaming'), orphaned(db, messages.instanceId)))
      .prepare(),
  };

  return {
    async list(chatId) {
      const rows = q.list.all({ chatId });
      if (rows.length === 0) return [];
      const sourcesOf = new Map<string, Source[]>();
      for (const { messageId, ...source } of q.sources.all({ chatId })) {
        const list = sourcesOf.get(messageId) ?? [];
        list.push(source);
        sourcesOf.set(messageId, list);
      }
      return rows.map((row) => ({ ...row, sources: sourcesOf.get(row.id) ?? [] }));
    },
    begin: ({ chatId, answerId, question, replacing, instanceId }) =>
      paced(() =>
        tx.write(() => {
          const createdAt = new Date();
          const message = { chatId, metadata: {}, createdAt };
          if (replacing) q.remove.run({ id: replacing });
          if (question) {
            q.insert.run({
              ...message,
              ...question,
              role: 'user',
              status: 'complete',
              instanceId: null,
            });
          }
          q.insert.run({
            ...message,
            id: answerId,
            role: 'assistant',
            content: '',
            status: 'streaming',
            instanceId: instanceId ?? null,
          });
          q.touchChat.run({ chatId, now: createdAt.getTime() });
        }),
      ),
    finish: (id, { content, status, metadata, sources }) =>
      paced(() =>
        tx.write(() => {
          q.finish.run({ id, content, status, metadata: JSON.stringify(metadata) });
          q.removeSources.run({ messageId: id });
          for (const source of sources) q.insertSource.run({ ...source, messageId: id });
        }),
      ),
    async checkpoint(answers) {
      const saved = tx.writeIfFree(() => {
        for (const answer of answers) q.checkpoint.run(answer);
      });
      return 'written' in saved;
    },
    interruptOrphaned: () => tx.write(() => q.interruptOrphaned.run({ now: Date.now() }).changes),
  };
}
