/**
 * Text a person or a file can hold but a database may refuse: U+0000 and lone surrogates in a
 * question, a title, a document's text, a model's error message. Every backend stores it (on
 * PostgreSQL, which refuses both, as U+FFFD, so offsets stay exact), and a lookup by an id
 * holding it finds nothing rather than failing.
 */
import { describe, expect, it } from 'vitest';
import { backends, openTestStorage } from '../../support/backends';

const awkward = 'tide\u0000table \ud800 end';
const refusedOrReplaced = new Set(['\u0000', '\ud800', '\ufffd']);
/** The text with each unit a database might refuse, or have replaced, as `_`. */
const plain = (text: string) =>
  Array.from(text, (unit) => (refusedOrReplaced.has(unit) ? '_' : unit)).join('');

describe.each(backends)('awkward text (%s)', (backend) => {
  it('is stored, each unit in its place, and an id holding it finds nothing', async () => {
    const storage = await openTestStorage(backend);
    const chat = await storage.chats.create('chat', awkward, []);
    await storage.messages.begin({
      chatId: 'chat',
      answerId: 'a',
      question: { id: 'q', content: awkward },
    });
    await storage.messages.finish('a', {
      content: awkward,
      status: 'error',
      metadata: { error: awkward },
      sources: [],
    });
    const [question, answer] = await storage.messages.list('chat');
    for (const text of [chat.title, question.content, answer.content, answer.metadata.error]) {
      expect(String(text)).toHaveLength(awkward.length);
      expect(plain(String(text))).toBe('tide_table _ end');
    }
    expect(await storage.chats.get('chat\u0000')).toBeUndefined();
    expect(await storage.documents.get('\ud800')).toBeUndefined();
    expect(await storage.chats.remove('chat\u0000')).toBe(false);
  });
});
