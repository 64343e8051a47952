import {
  createUIMessageStreamResponse,
  type InferUIMessageChunk,
  parseJsonEventStream,
  UI_MESSAGE_STREAM_HEADERS,
  uiMessageChunkSchema,
} from 'ai';
import { describe, expect, it } from 'vitest';
import { ActiveAnswer, answerResponse } from '@/lib/chat/active-answers';
import type { ChatUIMessage } from '@/lib/chat/types';

type Chunk = InferUIMessageChunk<ChatUIMessage>;

/** An answer's chunks, with text that JSON and UTF-8 must both escape or widen. */
const chunks: Chunk[] = [
  { type: 'start', messageId: 'm1' },
  { type: 'data-status', data: { message: 'Searching 1 document…' }, transient: true },
  {
    type: 'source-document',
    sourceId: '1',
    mediaType: 'text/plain',
    title: 'handbook.md, p. 1',
    filename: 'handbook.md',
  },
  { type: 'text-start', id: 't1' },
  { type: 'text-delta', id: 't1', delta: 'Ada "the keeper" Marlow [1]\n' },
  { type: 'text-delta', id: 't1', delta: 'kept it — ünïcödé, 灯台, 🌊 </script>\u2028' },
  { type: 'text-end', id: 't1' },
  { type: 'finish', messageMetadata: { status: 'complete', citations: [1] } },
];

const bytesOf = async (body: ReadableStream<Uint8Array> | null) =>
  new Uint8Array(await new Response(body).arrayBuffer());

/** What the AI SDK's own response helper sends for these chunks. */
async function sdkBytes(sent: Chunk[]) {
  const stream = new ReadableStream<Chunk>({
    start(controller) {
      for (const chunk of sent) controller.enqueue(chunk);
      controller.close();
    },
  });
  return bytesOf(createUIMessageStreamResponse({ stream }).body);
}

function answerOf(sent: Chunk[]) {
  const answer = new ActiveAnswer('m1');
  for (const chunk of sent) answer.write(chunk);
  return answer;
}

describe('an answer as a UI message stream', () => {
  it('sends the very bytes and headers of createUIMessageStreamResponse', async () => {
    const answer = answerOf(chunks);
    answer.end();
    const response = answerResponse(answer);
    expect(await bytesOf(response.body)).toEqual(await sdkBytes(chunks));
    for (const [name, value] of Object.entries(UI_MESSAGE_STREAM_HEADERS)) {
      if (name !== 'cache-control') expect(response.headers.get(name)).toBe(value);
    }
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
  });

  it("parses back, with the AI SDK's own parser and schema, into the chunks written", async () => {
    const answer = answerOf(chunks);
    answer.end();
    const parsed = parseJsonEventStream({
      stream: answerResponse(answer).body!,
      schema: uiMessageChunkSchema,
    });
    const read: unknown[] = [];
    for await (const result of parsed) {
      expect(result.success).toBe(true);
      if (result.success) read.push(result.value);
    }
    expect(read).toEqual(chunks);
  });

  it('gives a reader that attaches mid-answer everything from the start, then the rest live', async () => {
    const answer = answerOf(chunks.slice(0, 5));
    const early = answer.stream();
    const late = answer.stream();
    for (const chunk of chunks.slice(5)) answer.write(chunk);
    const afterTheEnd = () => answer.stream();
    answer.end();
    const whole = await sdkBytes(chunks);
    expect(await bytesOf(early)).toEqual(whole);
    expect(await bytesOf(late)).toEqual(whole);
    expect(await bytesOf(afterTheEnd())).toEqual(whole);
  });

  it('replays a long answer whole to a reader that attaches late, and to one that attaches after', async () => {
    // Thousands of tokens, a few of them wider than one byte: the kept stream spans many blocks.
    const long: Chunk[] = [
      { type: 'start', messageId: 'm1' },
      { type: 'text-start', id: 't1' },
      ...Array.from({ length: 3000 }, (_, i): Chunk => {
        const delta = i % 500 === 0 ? ` 灯台🌊${'x'.repeat(i % 7)}` : ` token${i}`;
        return { type: 'text-delta', id: 't1', delta };
      }),
      { type: 'text-end', id: 't1' },
    ];
    const answer = answerOf(long.slice(0, 1700));
    const late = answer.stream();
    for (const chunk of long.slice(1700)) answer.write(chunk);
    answer.end();
    const whole = await sdkBytes(long);
    expect(await bytesOf(late)).toEqual(whole);
    expect(await bytesOf(answer.stream())).toEqual(whole);
  });

  it('goes on writing to the other readers, and ends, when one reader goes away', async () => {
    const answer = answerOf(chunks.slice(0, 3));
    const leaving = answer.stream().getReader();
    await leaving.read();
    await leaving.cancel();
    const staying = answer.stream();
    for (const chunk of chunks.slice(3)) answer.write(chunk);
    answer.end();
    await answer.finished;
    expect(await bytesOf(staying)).toEqual(await sdkBytes(chunks));
  });
});
