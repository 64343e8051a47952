import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AdapterParseError, ChatAdapter, JSONAdapter, Signature } from '@/lib/program';

const sig = new Signature({
  instructions: 'Score the answer.',
  inputs: {
    question: { type: z.string(), description: 'the question' },
    tags: { type: z.array(z.string()) },
    passages: {
      type: z.array(z.object({ n: z.number(), text: z.string() })),
      format: (passages: Array<{ n: number; text: string }>) =>
        passages.map((p) => `<<${p.n}: ${p.text}>>`).join('\n'),
    },
  },
  outputs: { answer: { type: z.string() }, score: { type: z.number().min(0).max(1) } },
});
const inputs = { question: 'Why?', tags: ['a', 'b'], passages: [{ n: 1, text: 'Because.' }] };

describe('Signature', () => {
  it('reads the short string form, every field a string', () => {
    const s = Signature.from('history, question -> query', 'Rewrite it.');
    expect(s.inputNames).toEqual(['history', 'question']);
    expect(s.outputNames).toEqual(['query']);
    expect(s.instructions).toBe('Rewrite it.');
    expect(s.outputs.query.type.safeParse('x').success).toBe(true);
  });

  it('refuses malformed signatures with a message that says what is wrong', () => {
    expect(() => Signature.from('a -> b -> c')).toThrow(/exactly one "->"/);
    expect(() => Signature.from('a -> a')).toThrow(/"a" is both an input and an output/);
    expect(() => Signature.from('a b -> c')).toThrow(/"a b" is not a word/);
    expect(() => Signature.from('a -> completed')).toThrow(/reserved/);
  });
});

describe('ChatAdapter', () => {
  const chat = new ChatAdapter();

  it('formats inputs under markers, with each field’s own format when it has one', () => {
    const [system, user] = chat.format(sig, inputs);
    expect(system.content).toContain('1. `question` (string): the question');
    expect(system.content).toContain('2. `score` (JSON matching the schema {"type":"number"');
    expect(system.content).toMatch(/objective is:\nScore the answer\.$/);
    expect(user.content).toBe(
      '[[ ## question ## ]]\nWhy?\n\n[[ ## tags ## ]]\n[\n  "a",\n  "b"\n]\n\n' +
        '[[ ## passages ## ]]\n<<1: Because.>>\n\n' +
        'Respond with the corresponding output fields, starting with the field `[[ ## answer ## ]]`, ' +
        'then `[[ ## score ## ]]`, and then ending with the marker for `[[ ## completed ## ]]`.',
    );
  });

  it('parses trimmed values and reads non-string fields as JSON', () => {
    const completion =
      'Sure.\n[[ ## answer ## ]]  \n It is [[so]].\n\n[[ ## score ## ]]\n0.5\n\n[[ ## completed ## ]]\nbye';
    expect(chat.parse(sig, completion)).toEqual({ answer: 'It is [[so]].', score: 0.5 });
  });

  it('round-trips what formatCompletion writes', () => {
    const outputs = { answer: 'Two\nlines [1].', score: 1 };
    expect(chat.parse(sig, chat.formatCompletion(sig, outputs))).toEqual(outputs);
  });

  it('names a missing field and a field its zod type rejects', () => {
    expect(() => chat.parse(sig, '[[ ## answer ## ]]\nx')).toThrow(AdapterParseError);
    expect(() => chat.parse(sig, '[[ ## answer ## ]]\nx')).toThrow(
      'chat adapter: the completion has no output field "score"',
    );
    expect(() => chat.parse(sig, '[[ ## answer ## ]]\nx\n[[ ## score ## ]]\n7')).toThrow(
      /chat adapter: output field "score" is invalid: .*<=1/,
    );
  });
});

describe('JSONAdapter', () => {
  const json = new JSONAdapter();

  it('asks for JSON mode and a JSON object with the outputs in order', () => {
    expect(json.params).toEqual({ responseFormat: 'json_object' });
    expect(json.format(sig, inputs)[0].content).toContain(
      '{\n  "answer": {answer},\n  "score": {score}\n}',
    );
  });

  it('parses an object inside a code fence, reading the first of a repeated key', () => {
    const completion =
      'Here:\n```json\n{"answer": "a \\"b\\"", "score": 0.25, "answer": "later"}\n```';
    expect(json.parse(sig, completion)).toEqual({ answer: 'a "b"', score: 0.25 });
  });

  it('names what is wrong', () => {
    expect(() => json.parse(sig, 'no json')).toThrow(
      /json adapter: the completion is not a JSON object/,
    );
    expect(() => json.parse(sig, '{"answer": "x", "score": 2}')).toThrow(
      /output field "score" is invalid/,
    );
    expect(() => json.parse(sig, '{"answer": "x"}')).toThrow(/no output field "score"/);
  });
});
