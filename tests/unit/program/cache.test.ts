import { describe, expect, it } from 'vitest';
import { ChatAdapter, LMCache, type LMRequest, Signature } from '@/lib/program';
import { quotingLM } from './quoting-lm';

const adapter = new ChatAdapter();
const signature = Signature.from('question -> answer');
const request = (question: string, temperature?: number): LMRequest => ({
  messages: adapter.format(signature, { question }),
  signature,
  inputs: { question },
  adapter,
  params: { temperature },
});
const completion = (text: string) => ({ text, usage: { promptTokens: 1, completionTokens: 1 } });

describe('LMCache', () => {
  const lm = quotingLM();

  it('keys by model, messages and parameters', () => {
    const cache = new LMCache();
    cache.set(lm, request('a'), completion('A'));
    expect(cache.get(lm, request('a'))?.text).toBe('A');
    expect(cache.get(lm, request('b'))).toBeUndefined();
    expect(cache.get(lm, request('a', 0.7))).toBeUndefined();
    const other = { provider: 'other', model: lm.model, stream: lm.stream };
    expect(cache.get(other, request('a'))).toBeUndefined();
  });

  it('evicts the least recently used entry when full', () => {
    const cache = new LMCache({ maxEntries: 2 });
    cache.set(lm, request('a'), completion('A'));
    cache.set(lm, request('b'), completion('B'));
    cache.get(lm, request('a')); // a is now more recent than b
    cache.set(lm, request('c'), completion('C'));
    expect(cache.size).toBe(2);
    expect(cache.get(lm, request('b'))).toBeUndefined();
    expect(cache.get(lm, request('a'))?.text).toBe('A');
    expect(cache.get(lm, request('c'))?.text).toBe('C');
  });
});
