import {
  and,
  asc,
  eq,
  getTableColumns,
  gt,
  inArray,
  isNull,
  notInArray,
  or,
  sql,
} from 'drizzle-orm';
import type { Messages } from '../storage';
import type { Source } from '../types';
import type { PgContext } from './context';
import { chats, instances, messageSources, messages } from './schema';

const { seq: _seq, instanceId: _owner, ...messageColumns } = getTableColumns(messages);
const { id: _sourceId, ...sourceColumns } = getTableColumns(messageSources);

export function pgMessages({ db, pool }: PgContext): Messages {
  // The statements every answer runs, prepared: their SQL is built once, and each connection
  // parses and plans them once, where building a query took the server's thread longer than
  // the database took to answer it (bench:load).
  const ofChat = eq(messages.chatId, sql.placeholder('chatId'));
  const messagesOfChat = db
    .select(messageColumns)
    .from(messages)
    .where(ofChat)
    .orderBy(asc(messages.seq))
    .prepare('messages_of_chat');
  const sourcesOfChat = db
    .select(sourceColumns)
    .from(messageSources)
    .where(
      inArray(
        messageSources.messageId,
        db.select({ id: messages.id }).from(messages).where(ofChat),
      ),
    )
    .orderBy(asc(messageSources.n))
    .prepare('sources_of_chat');

  return {
    async list(chatId) {
      const [rows, sources] = await Promise.all([
        messagesOfChat.execute({ chatId }),
        sourcesOfChat.execute({ chatId }),
      ]);
      const sourcesOf = new Map<string, Source[]>();
      for (const { messageId, ...source } of sources) {
        const list = sourcesOf.get(messageId) ?? [];
        list.push(source);
        sourcesOf.set(messageId, list);
      }
      return rows.map((row) => ({ ...row, sources: sourcesOf.get(row.id) ?? [] }));
    },
    // Each write is one statement (its parts as data-modifying CTEs), so atomic without a
    // transaction's extra round trips: a crowd of questions starts in as few as it can.
    async begin({ chatId, answerId, question, replacing, instanceId }) {
      const createdAt = new Date();
      const message = { chatId, metadata: {}, createdAt };
      const touched = db
        .$with('touched')
        .as(db.update(chats).set({ updatedAt: createdAt }).where(eq(chats.id, chatId)));
      const removed =
        replacing && db.$with('removed').as(db.delete(messages).where(eq(messages.id, replacing)));
      await db
        .with(...(removed ? [touched, removed] : [touched]))
        .insert(messages)
        .values([
          ...(question
            ? [{ ...message, ...question, role: 'user' as const, status: 'complete' as const }]
            : []),
          {
            ...message,
            id: answerId,
            role: 'assistant',
            content: '',
            status: 'streaming',
            instanceId,
          },
        ]);
    },
    async finish(id, { content, status, metadata, sources }) {
      const updated = db
        .$with('updated')
        .as(db.update(messages).set({ content, status, metadata }).where(eq(messages.id, id)));
      const removed = db
        .$with('removed')
        .as(db.delete(messageSources).where(eq(messageSources.messageId, id)));
      if (sources.length === 0) {
        await db.with(updated).delete(messageSources).where(eq(messageSources.messageId, id));
        return;
      }
      await db
        .with(updated, removed)
        .insert(messageSources)
        .values(sources.map((s) => ({ ...s, messageId: id })));
    },
    async checkpoint(answers) {
      // One statement for all of them; rows being finished meanwhile are no longer streaming.
      await pool.query({
        name: 'checkpoint_answers',
        text: `UPDATE messages SET content = saved.content
               FROM unnest($1::text[], $2::text[]) AS saved(id, content)
               WHERE messages.id = saved.id AND messages.status = 'streaming'`,
        values: [answers.map((a) => a.id), answers.map((a) => a.content)],
      });
      return true;
    },
    async interruptOrphaned() {
      // Leases are read on the database's clock, the one every instance renews them on.
      const live = db
        .select({ id: instances.id })
        .from(instances)
        .where(gt(instances.leaseUntil, sql`now()`));
      const interrupted = await db
        .update(messages)
        .set({ status: 'interrupted' })
        .where(
          and(
            eq(messages.status, 'streaming'),
            or(isNull(messages.instanceId), notInArray(messages.instanceId, live)),
          ),
        )
        .returning({ id: messages.id });
      return interrupted.length;
    },
  };
}
