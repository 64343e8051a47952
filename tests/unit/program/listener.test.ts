import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ChatAdapter,
  JSONAdapter,
  LMCache,
  Module,
  Predict,
  Signature,
  type StreamEvent,
  StreamListener,
  type StreamResponse,
  streamify,
} from '@/lib/program';
import { follow } from './follow';
import { collect, ScriptedLM } from './scripted-lm';

const sig = Signature.from('question -> reasoning, answer');
const chat = new ChatAdapter();
const completion =
  '[[ ## reasoning ## ]]\nThe text says so.\n\n[[ ## answer ## ]]\nParis [1].\n\n[[ ## completed ## ]]';

const cutAt = (text: string, cuts: number[]) => {
  const points = [0, ...cuts, text.length];
  return points.slice(1).map((end, i) => text.slice(points[i], end));
};

describe('StreamListener on the chat format', () => {
  it('handles a marker cut at every character, emitting exactly the parsed value', () => {
    const parsed = chat.parse(sig, completion);
    for (let cut = 1; cut < completion.length; cut++) {
      for (const field of ['reasoning', 'answer']) {
        const { text, responses } = follow(sig, field, cutAt(completion, [cut]));
        expect(text).toBe(parsed[field]);
        expect(responses.filter((r) => r.isLast)).toHaveLength(1);
        expect(responses.at(-1)?.isLast).toBe(true);
      }
    }
  });

  it('emits every field of a completion that arrives as one chunk, each as one last chunk', () => {
    for (const field of ['reasoning', 'answer']) {
      const { responses } = follow(sig, field, [completion]);
      expect(responses).toEqual([
        {
          type: 'stream',
          predictName: 'p',
          field,
          chunk: field === 'answer' ? 'Paris [1].' : 'The text says so.',
          isLast: true,
        },
      ]);
    }
  });

  it('emits a field whose start marker and text come in the last chunk with no end marker', () => {
    const { responses } = follow(sig, 'answer', [
      '[[ ## reasoning ## ]]\nr\n',
      '[[ ## answer ## ]]\nParis',
    ]);
    // The end of the stream is the field's end: only then can isLast be said, on an empty chunk.
    expect(responses.map((r) => [r.chunk, r.isLast])).toEqual([
      ['Paris', false],
      ['', true],
    ]);
  });

  it('passes literal brackets and marker look-alikes through as text', () => {
    const text = [
      '[[ ## answer ## ]]\nA list [[1,2]] and ]] here;',
      '\n[[ ## footnote ## ]] is not a field;',
      ' inline [[ ## completed ## ]] is not a boundary;',
      '\n[[ ##not a marker',
      '\n\n[[ ## completed ## ]]',
    ].join('');
    const expected =
      'A list [[1,2]] and ]] here;\n[[ ## footnote ## ]] is not a field; inline [[ ## completed ## ]] is not a boundary;\n[[ ##not a marker';
    expect(chat.parse(Signature.from('q -> answer'), text).answer).toBe(expected);
    for (const size of [1, 2, 3, 7, 1000]) {
      const chunks = text.match(new RegExp(`[^]{1,${size}}`, 'g')) ?? [];
      expect(follow(Signature.from('q -> answer'), 'answer', chunks).text).toBe(expected);
    }
  });

  it('never stalls on a marker prefix in the text: it goes out with the next character that rules the marker out', () => {
    const chunks = [
      '[[ ## answer ## ]]\n',
      'a\n',
      '[[ #',
      '#',
      ' x',
      'y',
      'z',
      '\n\n[[ ## completed ## ]]',
    ];
    const { emittedAfterChunk } = follow(sig, 'answer', chunks);
    expect(emittedAfterChunk).toEqual([
      '',
      'a',
      'a',
      'a',
      'a\n[[ ## x',
      'a\n[[ ## xy',
      'a\n[[ ## xyz',
      'a\n[[ ## xyz',
    ]);
  });

  it('holds back a whitespace-only chunk before a marker and drops it at the field end', () => {
    const { responses } = follow(sig, 'answer', [
      '[[ ## answer ## ]]',
      '\n',
      'Paris',
      '\n\n',
      '[[ ## completed ## ]]',
    ]);
    expect(responses.map((r) => r.chunk)).toEqual(['Paris', '']);
  });

  it('keeps whitespace inside the value once more text follows it', () => {
    const { responses } = follow(sig, 'answer', ['[[ ## answer ## ]]\n', 'a', '\n\n', 'b', '\n']);
    expect(responses.map((r) => r.chunk)).toEqual(['a', '\n\nb', '']);
  });

  it('follows the first section of a field a completion repeats, as the parser does', () => {
    const repeated =
      '[[ ## answer ## ]]\nfirst\n[[ ## reasoning ## ]]\nr\n[[ ## answer ## ]]\nsecond\n[[ ## completed ## ]]';
    expect(chat.parse(sig, repeated).answer).toBe('first');
    expect(follow(sig, 'answer', repeated.split('')).text).toBe('first');
  });
});

describe('StreamListener on the JSON format', () => {
  const json = new JSONAdapter();
  const value = 'He said "hi" \\ \u00e9 😀 [[ ## answer ## ]]\nnext line';
  const text = `\`\`\`json\n{"reasoning": "r", "answer": ${JSON.stringify(value)}, "n": [1, {"a": "}"}]}\n\`\`\``;

  it('emits decoded string values, escapes and surrogate pairs cut anywhere', () => {
    expect(json.parse(sig, text).answer).toBe(value);
    for (let cut = 1; cut < text.length; cut++) {
      const { text: streamed, responses } = follow(sig, 'answer', cutAt(text, [cut]), json);
      expect(streamed).toBe(value);
      expect(responses.at(-1)?.isLast).toBe(true);
      for (const r of responses) expect(r.chunk).not.toMatch(/[\ud800-\udbff]$/);
    }
    const escaped = JSON.stringify({ reasoning: 'r', answer: value }).replace(
      '😀',
      '\\ud83d\\ude00',
    );
    expect(follow(sig, 'answer', escaped.split(''), json).text).toBe(value);
  });

  it('emits a value that is not a string as its JSON text', () => {
    const numbers = new Signature({
      inputs: { q: { type: z.string() } },
      outputs: { scores: { type: z.array(z.number()) } },
    });
    const reply = '{ "scores" : [1, 2,\n 3] \n}';
    expect(json.parse(numbers, reply).scores).toEqual([1, 2, 3]);
    expect(follow(numbers, 'scores', reply.split(''), json).text).toBe('[1, 2,\n 3]');
  });
});

const twoStep = Signature.from('question -> answer');

class TwoAnswers extends Module<{ question: string }> {
  first = new Predict(twoStep);
  second = new Predict(twoStep);
  async forward({ question }: { question: string }) {
    const draft = await this.first.call({ question });
    return this.second.call({ question: String(draft.outputs.answer) });
  }
}

const streamed = (events: StreamEvent[]) =>
  events.filter((e): e is StreamResponse => e.type === 'stream');

describe('StreamListener inside streamify', () => {
  it('streams the field of the predictor it names when two predictors share the field name', async () => {
    const lm = new ScriptedLM(
      [
        ['[[ ## answer ## ]]\nfirst', ' draft\n\n[[ ## completed ## ]]'],
        ['[[ ## answer ## ]]\nsecond', ' answer\n\n[[ ## completed ## ]]'],
      ],
      { paced: true },
    );
    const run = streamify(new TwoAnswers(), {
      listeners: [new StreamListener({ predictName: 'second', field: 'answer' })],
    });
    const events = await collect(run({ question: 'q' }, { lm }));
    expect(streamed(events).map((e) => [e.predictName, e.chunk, e.isLast])).toEqual([
      ['second', 'second', false],
      ['second', ' answer', true],
    ]);
  });

  it('ends an earlier predictor’s field before a later predictor streams, even without an end marker', async () => {
    const lm = new ScriptedLM(
      [['[[ ## answer ## ]]\nno end', ' marker'], ['[[ ## answer ## ]]\nb']],
      { paced: true },
    );
    const run = streamify(new TwoAnswers(), {
      listeners: ['first', 'second'].map(
        (p) => new StreamListener({ predictName: p, field: 'answer' }),
      ),
    });
    const events = await collect(run({ question: 'q' }, { lm }));
    expect(streamed(events).map((e) => [e.predictName, e.chunk, e.isLast])).toEqual([
      ['first', 'no end', false],
      ['first', ' marker', false],
      ['first', '', true],
      ['second', 'b', false],
      ['second', '', true],
    ]);
  });

  class Loop extends Module<{ question: string }> {
    step = new Predict(twoStep);
    async forward({ question }: { question: string }) {
      await this.step.call({ question });
      return this.step.call({ question: `${question} again` });
    }
  }

  it('follows a predictor called twice only the first time, or every time with allowReuse', async () => {
    // The first completion has no end marker: reuse must still catch the second one whole.
    const replies = [
      ['[[ ## answer ## ]]\none'],
      ['[[ ## answer ## ]]\ntwo\n[[ ## completed ## ]]'],
    ];
    for (const allowReuse of [false, true]) {
      const run = streamify(new Loop(), {
        listeners: [new StreamListener({ predictName: 'step', field: 'answer', allowReuse })],
      });
      const events = await collect(run({ question: 'q' }, { lm: new ScriptedLM(replies) }));
      expect(streamed(events).map((e) => e.chunk)).toEqual(
        allowReuse ? ['one', '', 'two'] : ['one', ''],
      );
    }
  });

  it('starts fresh on every call and keeps two concurrent calls apart', async () => {
    const lm = new ScriptedLM([
      (request) => {
        const q = String(request.inputs.question);
        return ['[[ ## answer ## ]]\n', ...`answer to ${q}`.split(''), '\n[[ ## completed ## ]]'];
      },
    ]);
    const run = streamify(new Predict(twoStep), {
      listeners: [new StreamListener({ predictName: 'self', field: 'answer' })],
    });
    const texts = async (question: string) =>
      streamed(await collect(run({ question }, { lm })))
        .map((e) => e.chunk)
        .join('');
    expect(await texts('one')).toBe('answer to one');
    expect(await texts('two')).toBe('answer to two');
    expect(await Promise.all(['x', 'y', 'z'].map(texts))).toEqual([
      'answer to x',
      'answer to y',
      'answer to z',
    ]);
  });

  it('streams two listened predictors that run at once, each field whole and in its own order', async () => {
    class Both extends Module<{ question: string }> {
      first = new Predict(twoStep);
      second = new Predict(twoStep);
      async forward({ question }: { question: string }) {
        const [a] = await Promise.all([
          this.first.call({ question }),
          this.second.call({ question }),
        ]);
        return a;
      }
    }
    const lm = new ScriptedLM([
      ['[[ ## answer ## ]]\n', ...'from one call'.split(''), '\n[[ ## completed ## ]]'],
      ['[[ ## answer ## ]]\n', ...'and the other'.split(''), '\n[[ ## completed ## ]]'],
    ]);
    const run = streamify(new Both(), {
      listeners: ['first', 'second'].map(
        (p) => new StreamListener({ predictName: p, field: 'answer' }),
      ),
    });
    const events = streamed(await collect(run({ question: 'q' }, { lm })));
    const text = (p: string) =>
      events
        .filter((e) => e.predictName === p)
        .map((e) => e.chunk)
        .join('');
    // Which call gets which scripted reply depends on which asks the LM first.
    expect([text('first'), text('second')].sort()).toEqual(['and the other', 'from one call']);
    expect(
      events
        .filter((e) => e.isLast)
        .map((e) => e.predictName)
        .sort(),
    ).toEqual(['first', 'second']);
  });

  it('reads the model to the end while the consumer is busy elsewhere, and loses nothing', async () => {
    const lm = new ScriptedLM(
      [['[[ ## answer ## ]]\n', ...'a slow reader'.split(''), '\n[[ ## completed ## ]]']],
      { paced: true },
    );
    let modelDone = false;
    const stream = lm.stream.bind(lm);
    lm.stream = async function* (request, options) {
      yield* stream(request, options);
      modelDone = true;
    };
    const run = streamify(new Predict(twoStep), {
      listeners: [new StreamListener({ predictName: 'self', field: 'answer' })],
    });
    const events = run({ question: 'q' }, { lm });
    const first = await events.next();
    expect(first.value).toMatchObject({ type: 'stream', chunk: 'a' });
    // The consumer does something else for a while: the model's stream is not kept waiting.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(modelDone).toBe(true);
    const rest = streamed(await collect(events));
    expect(['a', ...rest.map((e) => e.chunk)].join('')).toBe('a slow reader');
    expect(rest.at(-1)?.isLast).toBe(true);
  });

  it('hands over text that arrives together as one chunk, and text that arrives apart as it comes', async () => {
    const completion = [
      '[[ ## answer ## ]]\n',
      ...'word by word'.split(''),
      '\n[[ ## completed ## ]]',
    ];
    const run = streamify(new Predict(twoStep), {
      listeners: [new StreamListener({ predictName: 'self', field: 'answer' })],
      status: { lmStart: () => 'writing', lmEnd: () => 'written' },
    });
    const shown = async (paced: boolean) =>
      (await collect(run({ question: 'q' }, { lm: new ScriptedLM([completion], { paced }) })))
        .filter((e) => e.type !== 'prediction')
        .map((e) => (e.type === 'stream' ? `${e.chunk}${e.isLast ? '|' : ''}` : `(${e.type})`));
    expect(await shown(false)).toEqual(['(status)', 'word by word|', '(status)']);
    // A space goes out with the next word: until then it might trail the value.
    expect(await shown(true)).toEqual([
      '(status)',
      ...['w', 'o', 'r', 'd', ' b', 'y', ' w', 'o', 'r', 'd', '|'],
      '(status)',
    ]);
  });

  it('emits a cached field as one last chunk marked cached', async () => {
    const lm = new ScriptedLM([['[[ ## answer ## ]]\n', 'Pa', 'ris', '\n[[ ## completed ## ]]']], {
      paced: true,
    });
    const cache = new LMCache();
    const run = streamify(new Predict(twoStep), {
      listeners: [new StreamListener({ predictName: 'self', field: 'answer' })],
    });
    const first = streamed(await collect(run({ question: 'q' }, { lm, cache })));
    expect(first.map((e) => e.chunk)).toEqual(['Pa', 'ris', '']);
    const second = await collect(run({ question: 'q' }, { lm, cache }));
    expect(lm.requests).toHaveLength(1);
    expect(streamed(second)).toEqual([
      {
        type: 'stream',
        predictName: 'self',
        field: 'answer',
        chunk: 'Paris',
        isLast: true,
        cached: true,
      },
    ]);
  });

  it('retries an unparseable chat completion with the JSON adapter and says the field restarts', async () => {
    const lm = new ScriptedLM(
      [
        ['[[ ## answer ## ]]\n', 'half', ' an answer'], // no reasoning: the chat parse fails
        ['{"reasoning": "r", ', '"answer": "Par', 'is"}'],
      ],
      { paced: true },
    );
    const run = streamify(new Predict(sig), {
      listeners: [new StreamListener({ predictName: 'self', field: 'answer' })],
    });
    const events = await collect(run({ question: 'q' }, { lm }));
    expect(lm.requests.map((r) => r.adapter.name)).toEqual(['chat', 'json']);
    expect(streamed(events).map((e) => [e.chunk, e.isLast, e.restart ?? false])).toEqual([
      ['half', false, false],
      [' an answer', false, false],
      ['', true, false],
      ['Par', false, true],
      ['is', true, false],
    ]);
    expect(events.at(-1)).toMatchObject({ outputs: { reasoning: 'r', answer: 'Paris' } });
  });

  it('rejects a listener for a predictor or field the program does not have', async () => {
    const lm = new ScriptedLM([['[[ ## answer ## ]]\nx']]);
    const bad = [
      [
        new StreamListener({ predictName: 'third', field: 'answer' }),
        /no predictor "third" \(it has: first, second\)/,
      ],
      [
        new StreamListener({ predictName: 'first', field: 'reasoning' }),
        /has no output field "reasoning"/,
      ],
    ] as const;
    for (const [listener, message] of bad) {
      const run = streamify(new TwoAnswers(), { listeners: [listener] });
      await expect(collect(run({ question: 'q' }, { lm }))).rejects.toThrow(message);
    }
  });
});
