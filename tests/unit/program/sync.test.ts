import { describe, expect, it } from 'vitest';
import { Prediction, type StreamEvent } from '@/lib/program';
import { streamSync } from '@/lib/program/streaming/sync';

const entry = (name: string) => ({
  module: new URL('./fixtures/sync-program.ts', import.meta.url),
  export: name,
  execArgv: ['--import', 'tsx'],
});
const inputs = {
  question: 'What is the capital of France?',
  passages: [{ n: 1, source: 'a', text: 'Paris is the capital of France, a country in Europe.' }],
};

describe('streamSync', () => {
  it('hands each event over as the program produces it, ending with the Prediction', () => {
    const arrivals: Array<[StreamEvent, number]> = [];
    for (const event of streamSync(entry('stream'), inputs)) arrivals.push([event, Date.now()]);
    const events = arrivals.map(([e]) => e);
    expect(events[0]).toEqual({ type: 'status', message: 'writing' });
    const prediction = events.at(-1);
    expect(prediction).toBeInstanceOf(Prediction);
    const chunks = events.flatMap((e) => (e.type === 'stream' ? [e.chunk] : []));
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.join('')).toBe((prediction as Prediction).outputs.answer);
    // The quoting LM waits 10 ms between tokens: a buffered fake would deliver all at once.
    const firstChunkAt = arrivals.find(([e]) => e.type === 'stream')![1];
    expect(arrivals.at(-1)![1] - firstChunkAt).toBeGreaterThan(50);
  });

  it('throws the program’s error from next()', () => {
    expect(() => [...streamSync(entry('failing'), inputs)]).toThrow(/needs an LM/);
  });

  it('stops when the loop is left early', () => {
    const iterator = streamSync(entry('stream'), inputs);
    expect(iterator.next().done).toBe(false);
    expect(iterator.return?.().done).toBe(true);
    expect(iterator.next().done).toBe(true);
  });
});
