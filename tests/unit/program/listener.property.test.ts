import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChatAdapter, JSONAdapter, Signature } from '@/lib/program';
import { readFields } from '@/lib/program/adapters/adapter';
import { follow } from './follow';

const sig = Signature.from('question -> reasoning, answer, notes');
const fields = sig.outputNames;
const markers = [...fields, 'completed'].map((f) => `[[ ## ${f} ## ]]`);
const longestMarker = Math.max(...markers.map((m) => m.length));

/** Text pieces that stress a marker lexer: brackets, marker look-alikes, whitespace, unicode. */
const piece = fc.oneof(
  fc.constantFrom(
    '[[',
    ']]',
    '[',
    ']',
    ' ## ',
    '##',
    '#',
    '[[ ##',
    '[[ ## answ',
    '[[ ## answer ## ]',
    '[[ ## other ## ]]',
    ...markers,
    '\n',
    '\n\n',
    ' ',
    '\t',
    '\r\n',
    'é',
    '😀',
    '中文',
    'Paris',
    '[1]',
    '"',
    '\\',
    '{',
    '}',
    ',',
  ),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const value = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(''));

/** A chat completion: fields in any order, some missing, separators of every kind. */
const chatCompletion = fc
  .record({
    preamble: fc.constantFrom('', 'Sure.\n', 'x'),
    sections: fc.array(
      fc.record({
        field: fc.constantFrom(...fields),
        before: fc.constantFrom('\n', '', ' ', '\n\n'),
        value,
        after: fc.constantFrom('\n\n', '\n', '', ' \n'),
      }),
      { maxLength: 4 },
    ),
    completed: fc.boolean(),
    trailer: fc.constantFrom('', '\n', 'junk'),
  })
  .map(
    ({ preamble, sections, completed, trailer }) =>
      preamble +
      sections.map((s) => `[[ ## ${s.field} ## ]]${s.before}${s.value}${s.after}`).join('') +
      (completed ? '[[ ## completed ## ]]' : '') +
      trailer,
  );

const codePoints = (text: string) => Array.from(text);
const randomCuts = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 });
const cutBySizes = (text: string, sizes: number[]) => {
  const chars = codePoints(text);
  const out: string[] = [];
  for (let i = 0, k = 0; i < chars.length; k++) {
    const size = sizes[k % sizes.length];
    out.push(chars.slice(i, i + size).join(''));
    i += size;
  }
  return out;
};
const cuttings = (text: string, sizes: number[]) => ({
  'one character at a time': codePoints(text),
  'random sizes': cutBySizes(text, sizes),
  'all in one chunk': [text],
});

const longestWhitespaceRun = (text: string) =>
  Math.max(0, ...(text.match(/\s+/g) ?? []).map((run) => run.length));

describe('StreamListener properties (chat format)', () => {
  it('joins to exactly the parsed value, however the completion is cut, and holds back at most a marker prefix', () => {
    const chat = new ChatAdapter();
    fc.assert(
      fc.property(chatCompletion, randomCuts, (completion, sizes) => {
        const parsed = readFields(chat, sig, completion);
        for (const chunks of Object.values(cuttings(completion, sizes))) {
          for (const field of fields) {
            const { responses, text, maxHeld } = follow(sig, field, chunks);
            if (!(field in parsed)) {
              expect(responses).toEqual([]);
              continue;
            }
            expect(text).toBe(parsed[field]);
            expect(responses.filter((r) => r.isLast)).toHaveLength(1);
            expect(responses.at(-1)?.isLast).toBe(true);
            expect(responses.every((r) => r.chunk.length > 0 || r.isLast)).toBe(true);
            for (const marker of markers) expect(text).not.toContain(`\n${marker}`);
            expect(maxHeld).toBeLessThanOrEqual(
              longestMarker - 1 + longestWhitespaceRun(completion),
            );
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives back each written value trimmed when the values hold no real boundary', () => {
    const clean = value.filter(
      (v) => !markers.some((m) => `\n${v}`.includes(`\n${m}`)) && !v.includes('\r'),
    );
    const written = fc
      .uniqueArray(fc.constantFrom(...fields), { minLength: 1 })
      .chain((names) =>
        fc.tuple(
          fc.constant(names),
          fc.array(clean, { minLength: names.length, maxLength: names.length }),
        ),
      );
    fc.assert(
      fc.property(written, randomCuts, ([names, values], sizes) => {
        const completion =
          names.map((f, i) => `[[ ## ${f} ## ]]\n${values[i]}\n\n`).join('') +
          '[[ ## completed ## ]]';
        for (const chunks of Object.values(cuttings(completion, sizes))) {
          names.forEach((field, i) => {
            expect(follow(sig, field, chunks).text).toBe(values[i].trim());
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('StreamListener properties (JSON format)', () => {
  it('joins to exactly each decoded string value, however the JSON is cut', () => {
    const json = new JSONAdapter();
    const object = fc.record({ reasoning: value, answer: value, notes: value });
    fc.assert(
      fc.property(
        object,
        fc.constantFrom(undefined, 2),
        fc.boolean(),
        randomCuts,
        (outputs, indent, ascii, sizes) => {
          let text = JSON.stringify(outputs, null, indent);
          // Also as \u escapes, surrogate pairs included, as some servers write them.
          if (ascii)
            text = text.replace(
              /[^\x20-\x7e\n]/g,
              (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
            );
          for (const chunks of Object.values(cuttings(text, sizes))) {
            for (const field of fields) {
              const { text: streamed, responses } = follow(sig, field, chunks, json);
              expect(streamed).toBe(outputs[field as keyof typeof outputs]);
              expect(responses.at(-1)?.isLast).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
