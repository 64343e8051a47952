import { describe, expect, it } from 'vitest';
import { estimateTokens } from '@/lib/program';
import { fitToWindow } from '@/lib/rag/context-budget';
import type { Turn } from '@/lib/rag/signatures';

const passage = (n: number) => ({ text: `passage ${n} `.repeat(80), charStart: 0, charEnd: 800 });
const turn = (n: number): Turn => ({
  role: n % 2 ? 'assistant' : 'user',
  content: `turn ${n} `.repeat(30),
});
/** A prompt of 200 tokens of instructions, then the passages and turns. */
const measure = (passages: Array<{ text: string }>, history: Turn[]) =>
  200 + estimateTokens([...passages.map((p) => p.text), ...history.map((t) => t.content)].join(''));

describe('fitToWindow', () => {
  it('leaves a prompt that fits as it is', () => {
    const fitted = fitToWindow(4096, measure, [passage(1), passage(2)], [turn(1)]);
    expect(fitted.cut).toBeUndefined();
    expect(fitted.passages).toHaveLength(2);
  });

  it('cuts older turns first, then the lowest-ranked passages, and says how many', () => {
    const passages = Array.from({ length: 8 }, (_, i) => passage(i + 1));
    const history = Array.from({ length: 6 }, (_, i) => turn(i + 1));
    const fitted = fitToWindow(2048, measure, passages, history);
    expect(fitted.history).toEqual(history.slice(-2));
    expect(fitted.passages).toEqual(passages.slice(0, fitted.passages.length));
    expect(measure(fitted.passages, fitted.history)).toBeLessThanOrEqual(2048 - 512);
    expect(fitted.cut).toEqual({
      windowTokens: 2048,
      passagesCut: 8 - fitted.passages.length,
      historyTurnsCut: 4,
      passageShortened: false,
    });
  });

  it('shortens the one passage left, its offsets with it, rather than drop the question', () => {
    const long = { text: 'word '.repeat(2000), charStart: 100, charEnd: 10_100 };
    const fitted = fitToWindow(1024, measure, [long], []);
    expect(fitted.cut?.passageShortened).toBe(true);
    const [only] = fitted.passages;
    expect(only.charEnd! - only.charStart!).toBe(only.text.length);
    expect(measure(fitted.passages, [])).toBeLessThanOrEqual(1024 - 256);
  });
});
