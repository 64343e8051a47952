import { beforeAll, describe, expect, it } from 'vitest';
import { isStorageError, type Storage } from '@/db';
import { backends, openTestStorage } from '../../support/backends';

describe.each(backends)('checkpoints of an answer being written (%s)', (backend) => {
  let storage: Storage;
  const answer = async (id: string) =>
    (await storage.messages.list('chat')).find((m) => m.id === id)!;
  const ask = (answerId: string) =>
    storage.messages.begin({
      chatId: 'chat',
      answerId,
      question: { id: `q-${answerId}`, content: 'When?' },
      instanceId: 'an-instance-that-died',
    });

  beforeAll(async () => {
    storage = await openTestStorage(backend);
    await storage.chats.create('chat', 'Tides', []);
    await ask('a');
  });

  it('save the text so far to the streaming answer', async () => {
    expect(await storage.messages.checkpoint([{ id: 'a', content: 'High tide' }])).toBe(true);
    expect(await answer('a')).toMatchObject({ status: 'streaming', content: 'High tide' });
  });

  it('save every answer being written in one go', async () => {
    await ask('b');
    expect(
      await storage.messages.checkpoint([
        { id: 'a', content: 'High tide comes at' },
        { id: 'b', content: 'Low tide' },
      ]),
    ).toBe(true);
    expect((await answer('a')).content).toBe('High tide comes at');
    expect((await answer('b')).content).toBe('Low tide');
  });

  it('never touch an answer once it is finished', async () => {
    await storage.messages.finish('a', {
      content: 'High tide comes later.',
      status: 'complete',
      metadata: {},
      sources: [],
    });
    await storage.messages.checkpoint([{ id: 'a', content: 'High tide comes' }]);
    expect(await answer('a')).toMatchObject({
      status: 'complete',
      content: 'High tide comes later.',
    });
  });

  it('of answers cut off by a crash end interrupted, keeping their text', async () => {
    expect(await storage.messages.interruptOrphaned()).toBe(1);
    expect(await answer('b')).toMatchObject({ status: 'interrupted', content: 'Low tide' });
    expect((await answer('a')).status).toBe('complete');
  });
});

describe.each(backends)('a failure of the database (%s)', (backend) => {
  it('is told apart from other failures, so an answer is not blamed on the model', async () => {
    const storage = await openTestStorage(backend);
    await storage.close();
    const failure = await storage.chats.list().catch((error: unknown) => error);
    expect(isStorageError(failure)).toBe(true);
    expect(isStorageError(new Error('The model server answered 500'))).toBe(false);
  });
});
