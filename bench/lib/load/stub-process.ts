/**
 * bench:load's OpenAI-compatible stub, in a process of its own so that emitting 5,000 tokens a
 * second does not share an event loop with the clients reading them. Sends its URL once
 * listening; on 'emitted' sends [chat, seq, time] for every token handed to a socket so far.
 */
import { startOpenAIStub } from '../../../tests/support/openai-stub';
import { monotonicMs, replyTo, TOKEN } from './workload';

const stub = await startOpenAIStub();
stub.reply = replyTo;
const emitted: number[] = [];
stub.onChunk = (_record, _index, text) => {
  const time = monotonicMs();
  for (const m of text.matchAll(TOKEN)) emitted.push(Number(m[1]), Number(m[2]), time);
};
process.on('message', async (message) => {
  if (message === 'emitted') process.send?.({ emitted: emitted.splice(0) });
  if (message === 'close') {
    await stub.close();
    process.disconnect();
  }
});
process.send?.({ url: stub.url });
