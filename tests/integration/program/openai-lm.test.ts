import { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChainOfThought,
  LMCache,
  LMStreamCutError,
  LMTimeoutError,
  OpenAILM,
  type Prediction,
  Signature,
  type StreamEvent,
  StreamListener,
  type StreamResponse,
  streamify,
} from '@/lib/program';
import { type OpenAIStub, startOpenAIStub } from '@/tests/support/openai-stub';

let stub: OpenAIStub;
beforeAll(async () => {
  stub = await startOpenAIStub();
});
afterAll(() => stub.close());

const reply = (answer: string, reasoning = 'From the passages.') =>
  `[[ ## reasoning ## ]]\n${reasoning}\n\n[[ ## answer ## ]]\n${answer}\n\n[[ ## completed ## ]]`;

const program = new ChainOfThought(Signature.from('question -> answer'));
const run = streamify(program, {
  listeners: [new StreamListener({ predictName: 'predict', field: 'answer' })],
});
const lm = (options: Partial<ConstructorParameters<typeof OpenAILM>[0]> = {}) =>
  new OpenAILM({ baseURL: stub.url, model: 'stub-model', backoffMs: 5, ...options });

/** Runs the program, returning the answer chunks, the prediction, and the error if it failed. */
async function consume(events: AsyncIterable<StreamEvent>) {
  const chunks: StreamResponse[] = [];
  let prediction: Prediction | undefined;
  let error: unknown;
  try {
    for await (const event of events) {
      if (event.type === 'stream') chunks.push(event);
      if (event.type === 'prediction') prediction = event;
    }
  } catch (caught) {
    error = caught;
  }
  return { chunks, text: chunks.map((c) => c.chunk).join(''), prediction, error };
}

const requestsSince = (start: number) => stub.requests.slice(start);

async function closedEarly(index: number): Promise<number> {
  for (let waited = 0; waited < 2000; waited += 5) {
    const at = stub.requests[index]?.closedEarlyAt;
    if (at) return at;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('the stub never saw the connection close');
}

describe('OpenAILM through an OpenAI-compatible server', () => {
  it('streams the answer field as the server sends it, with the usage the server reports', async () => {
    const start = stub.requests.length;
    stub.enqueue({ text: reply('Paris [1].'), chunkSize: 3 });
    const { chunks, text, prediction } = await consume(run({ question: 'Capital?' }, { lm: lm() }));
    expect(text).toBe('Paris [1].');
    expect(chunks.length).toBeGreaterThan(2);
    expect(prediction?.outputs).toEqual({ reasoning: 'From the passages.', answer: 'Paris [1].' });
    const [request] = requestsSince(start);
    expect(request.body).toMatchObject({
      model: 'stub-model',
      stream: true,
      stream_options: { include_usage: true },
    });
    const messages = request.body.messages as Array<{ content: string }>;
    expect(messages[1].content).toContain('[[ ## question ## ]]\nCapital?');
    expect(prediction?.usage).toEqual({
      promptTokens: JSON.stringify(request.body.messages).length >> 2,
      completionTokens: Math.ceil(reply('Paris [1].').length / 3),
    });
  });

  it('cancels the request at the server within 100 ms of the abort signal', async () => {
    const start = stub.requests.length;
    stub.enqueue({ text: reply('word '.repeat(200)), chunkSize: 2, delayMs: 20 });
    const controller = new AbortController();
    let abortedAt = 0;
    const events = run({ question: 'q' }, { lm: lm(), signal: controller.signal });
    const { error, text } = await consume(
      (async function* () {
        for await (const event of events) {
          yield event;
          if (event.type === 'stream' && !abortedAt) {
            abortedAt = Date.now();
            controller.abort();
          }
        }
      })(),
    );
    expect((error as Error).name).toBe('AbortError');
    expect(text.length).toBeGreaterThan(0);
    expect((await closedEarly(start)) - abortedAt).toBeLessThan(100);
  });

  it('cancels the request when the consumer stops reading', async () => {
    const start = stub.requests.length;
    stub.enqueue({ text: reply('word '.repeat(200)), chunkSize: 2, delayMs: 20 });
    let stoppedAt = 0;
    for await (const event of run({ question: 'q' }, { lm: lm() })) {
      if (event.type === 'stream') {
        stoppedAt = Date.now();
        break;
      }
    }
    expect((await closedEarly(start)) - stoppedAt).toBeLessThan(100);
  });

  it('retries 429 and 500 before the first token, then streams', async () => {
    const start = stub.requests.length;
    stub.enqueue({ status: 429 }, { status: 500 }, { text: reply('Third time.') });
    const { text } = await consume(run({ question: 'q' }, { lm: lm({ maxRetries: 2 }) }));
    expect(text).toBe('Third time.');
    expect(requestsSince(start)).toHaveLength(3);
  });

  it('gives up after maxRetries, and never retries a request the server rejects as bad', async () => {
    let start = stub.requests.length;
    stub.enqueue({ status: 503 }, { status: 503 });
    const exhausted = await consume(run({ question: 'q' }, { lm: lm({ maxRetries: 1 }) }));
    expect(exhausted.error).toMatchObject({ status: 503 });
    expect(requestsSince(start)).toHaveLength(2);

    start = stub.requests.length;
    stub.enqueue({ status: 400 });
    const bad = await consume(run({ question: 'q' }, { lm: lm({ maxRetries: 2 }) }));
    expect(bad.error).toMatchObject({ status: 400 });
    expect(requestsSince(start)).toHaveLength(1);
  });

  it('times out a server that sends nothing, and one that stalls mid-answer', async () => {
    stub.enqueue({ text: reply('late'), stallMs: 5000 });
    const started = Date.now();
    const silent = await consume(
      run({ question: 'q' }, { lm: lm({ timeoutMs: 200, maxRetries: 0 }) }),
    );
    expect(silent.error).toBeInstanceOf(LMTimeoutError);
    expect(Date.now() - started).toBeLessThan(1000);

    const start = stub.requests.length;
    stub.enqueue({ text: reply('half and then nothing'), chunkSize: 4, stallAfterChunks: 18 });
    const stalled = await consume(
      run({ question: 'q' }, { lm: lm({ timeoutMs: 200, maxRetries: 2 }) }),
    );
    expect(stalled.error).toBeInstanceOf(LMTimeoutError);
    expect(stalled.text.length).toBeGreaterThan(0);
    // Text had been streamed: a retry would repeat it, so there is none.
    expect(requestsSince(start)).toHaveLength(1);
  });

  it('reports a stream cut off mid-answer after what arrived, and retries one cut before any token', async () => {
    let start = stub.requests.length;
    stub.enqueue({ text: reply('cut off here'), chunkSize: 4, delayMs: 5, cutAfterChunks: 18 });
    const cut = await consume(run({ question: 'q' }, { lm: lm() }));
    expect(cut.error).toBeInstanceOf(LMStreamCutError);
    expect(cut.text.length).toBeGreaterThan(0);
    expect(requestsSince(start)).toHaveLength(1);

    start = stub.requests.length;
    stub.enqueue({ text: reply('x'), cutAfterChunks: 0 }, { text: reply('Whole.') });
    const retried = await consume(run({ question: 'q' }, { lm: lm() }));
    expect(retried.text).toBe('Whole.');
    expect(requestsSince(start)).toHaveLength(2);
  });

  it("fails with the server's message when it reports an error inside the stream", async () => {
    for (const named of [false, true]) {
      const start = stub.requests.length;
      stub.enqueue({
        text: reply('first words, then trouble'),
        chunkSize: 4,
        streamError: { afterChunks: 18, named },
      });
      const failed = await consume(run({ question: 'q' }, { lm: lm() }));
      expect(failed.error).toBeInstanceOf(APIError);
      expect((failed.error as Error).message).toBe('stub failure mid-stream');
      expect(failed.text.length).toBeGreaterThan(0);
      expect(requestsSince(start)).toHaveLength(1);
    }
  });

  it('reports an event that is not JSON as a broken stream', async () => {
    stub.enqueue({ text: reply('fine until'), chunkSize: 4, malformedAfterChunks: 18 });
    const malformed = await consume(run({ question: 'q' }, { lm: lm() }));
    expect(malformed.error).toBeInstanceOf(LMStreamCutError);
    expect((malformed.error as Error).message).toMatch(/malformed server-sent event JSON/);
    expect(malformed.text.length).toBeGreaterThan(0);
  });

  it('answers a repeated call from the cache, still streaming the field as one last chunk', async () => {
    const start = stub.requests.length;
    stub.enqueue({ text: reply('Cached answer.'), chunkSize: 3 });
    const cache = new LMCache();
    const first = await consume(run({ question: 'same' }, { lm: lm(), cache }));
    const second = await consume(run({ question: 'same' }, { lm: lm(), cache }));
    expect(requestsSince(start)).toHaveLength(1);
    expect(second.prediction?.outputs).toEqual(first.prediction?.outputs);
    expect(second.chunks).toEqual([
      {
        type: 'stream',
        predictName: 'predict',
        field: 'answer',
        chunk: 'Cached answer.',
        isLast: true,
        cached: true,
      },
    ]);
  });

  it('keeps two concurrent calls of one program apart', async () => {
    const previous = stub.reply;
    stub.reply = (body) => {
      const messages = body.messages as Array<{ content: string }>;
      const question = /\[\[ ## question ## \]\]\n(.*)/.exec(messages[1].content)?.[1];
      return { text: reply(`The answer to ${question}.`), chunkSize: 2, delayMs: 3 };
    };
    try {
      const [a, b] = await Promise.all(
        ['alpha', 'beta'].map((question) => consume(run({ question }, { lm: lm() }))),
      );
      expect(a.text).toBe('The answer to alpha.');
      expect(b.text).toBe('The answer to beta.');
      expect(a.chunks.length).toBeGreaterThan(5);
    } finally {
      stub.reply = previous;
    }
  });
});
