import { asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { Messages } from '../storage';
import type { Source } from '../types';
import type { PgContext } from './context';
import { chats, messageSources, messages } from './schema';

const { seq: _seq, ...messageColumns } = getTableColumns(messages);
const { id: _sourceId, ...sourceColumns } = getTableColumns(messageSources);

export function pgMessages({ db }: PgContext): Messages {
  return {
    async list(chatId) {
      const ofChat = eq(messages.chatId, chatId);
      const [rows, sources] = await Promise.all([
        db.select(messageColumns).from(messages).where(ofChat).orderBy(asc(messages.seq)),
        db
          .select(sourceColumns)
          .from(messageSources)
          .where(
            inArray(
              messageSources.messageId,
              db.select({ id: messages.id }).from(messages).where(ofChat),
            ),
          )
          .orderBy(asc(messageSources.n)),
      ]);
      const sourcesOf = new Map<string, Source[]>();
      for (const { messageId, ...source } of sources) {
        const list = sourcesOf.get(messageId) ?? [];
        list.push(source);
        sourcesOf.set(messageId, list);
      }
      return rows.map((row) => ({ ...row, sources: sourcesOf.get(row.id) ?? [] }));
    },
    begin: ({ chatId, answerId, question, replacing }) =>
      db.transaction(async (tx) => {
        const createdAt = new Date();
        const message = { chatId, metadata: {}, createdAt };
        if (replacing) await tx.delete(messages).where(eq(messages.id, replacing));
        await tx
          .insert(messages)
          .values([
            ...(question
              ? [{ ...message, ...question, role: 'user' as const, status: 'complete' as const }]
              : []),
            { ...message, id: answerId, role: 'assistant', content: '', status: 'streaming' },
          ]);
        await tx.update(chats).set({ updatedAt: createdAt }).where(eq(chats.id, chatId));
      }),
    finish: (id, { content, status, metadata, sources }) =>
      db.transaction(async (tx) => {
        await tx.update(messages).set({ content, status, metadata }).where(eq(messages.id, id));
        await tx.delete(messageSources).where(eq(messageSources.messageId, id));
        if (sources.length > 0) {
          await tx.insert(messageSources).values(sources.map((s) => ({ ...s, messageId: id })));
        }
      }),
    async checkpoint(answers) {
      // One statement for all of them; rows being finished meanwhile are no longer streaming.
      await db.execute(sql`
        UPDATE ${messages} SET content = saved.content
        FROM unnest(${sql.param(answers.map((a) => a.id))}::text[],
                    ${sql.param(answers.map((a) => a.content))}::text[]) AS saved(id, content)
        WHERE ${messages.id} = saved.id AND ${messages.status} = 'streaming'`);
      return true;
    },
    async interruptStreaming() {
      const interrupted = await db
        .update(messages)
        .set({ status: 'interrupted' })
        .where(eq(messages.status, 'streaming'))
        .returning({ id: messages.id });
      return interrupted.length;
    },
  };
}
