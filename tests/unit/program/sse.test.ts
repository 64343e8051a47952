import { describe, expect, it } from 'vitest';
import {
  type LMStreamPart,
  Predict,
  Signature,
  StreamListener,
  streamify,
  toServerSentEvents,
} from '@/lib/program';
import { ScriptedLM } from './scripted-lm';

const run = streamify(new Predict(Signature.from('question -> answer')), {
  listeners: [new StreamListener({ predictName: 'self', field: 'answer' })],
  status: { lmStart: () => 'writing' },
});

const read = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

describe('toServerSentEvents', () => {
  it('writes every event type as a named event with its JSON, then done', async () => {
    const lm = new ScriptedLM([['[[ ## answer ## ]]\nHi', '!\n[[ ## completed ## ]]']]);
    const text = await read(toServerSentEvents(run({ question: 'q' }, { lm })));
    const frames = text.split('\n\n').filter(Boolean);
    expect(frames[0]).toBe('event: status\ndata: {"type":"status","message":"writing"}');
    expect(frames[1]).toBe(
      'event: stream\ndata: {"type":"stream","predictName":"self","field":"answer","chunk":"Hi","isLast":false}',
    );
    expect(frames[2]).toContain('"chunk":"!","isLast":true');
    expect(frames[3]).toMatch(
      /^event: prediction\ndata: \{"type":"prediction","outputs":\{"answer":"Hi!"\}/,
    );
    expect(frames[4]).toBe('event: done\ndata: {}');
    expect(frames).toHaveLength(5);
  });

  it('ends with an error event when the program fails', async () => {
    const lm = new ScriptedLM([['[[ ## answer ## ]]\nHal']]);
    lm.stream = async function* (): AsyncGenerator<LMStreamPart> {
      yield { type: 'text', text: '[[ ## answer ## ]]\nHal' };
      throw new Error('model server went away');
    };
    const text = await read(toServerSentEvents(run({ question: 'q' }, { lm })));
    expect(text.endsWith('event: error\ndata: {"message":"model server went away"}\n\n')).toBe(
      true,
    );
    expect(text).toContain('"chunk":"Hal"');
  });

  it('stops the program when the reader cancels', async () => {
    let stopped = false;
    const lm = new ScriptedLM([]);
    lm.stream = async function* (_request, { signal } = {}): AsyncGenerator<LMStreamPart> {
      try {
        yield { type: 'text', text: '[[ ## answer ## ]]\nfirst' };
        await new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve()));
      } finally {
        // Closed with its request's signal aborted, whether it was waiting or not yet asked on.
        stopped = signal?.aborted === true;
      }
    };
    const reader = toServerSentEvents(run({ question: 'q' }, { lm })).getReader();
    await reader.read(); // the status
    await reader.read(); // the first chunk: the LM is streaming
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stopped).toBe(true);
  });
});
