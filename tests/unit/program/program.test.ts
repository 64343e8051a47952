import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ChainOfThought,
  Module,
  Predict,
  type Prediction,
  Signature,
  type StreamEvent,
  StreamListener,
  type StreamResponse,
  streamify,
} from '@/lib/program';
import { quotingLM } from './quoting-lm';
import { collect, ScriptedLM } from './scripted-lm';

const passageSchema = z.object({ n: z.number(), source: z.string(), text: z.string() });
const turnSchema = z.object({ role: z.enum(['user', 'assistant']), content: z.string() });
type Turn = z.infer<typeof turnSchema>;

const rewriteSig = Signature.from('history, question -> query', 'Rewrite as a standalone query.');
const rewriteWithHistory = new Signature({
  instructions: rewriteSig.instructions,
  inputs: { history: { type: z.array(turnSchema) }, question: { type: z.string() } },
  outputs: rewriteSig.outputs,
});
const answerSig = new Signature({
  instructions: 'Answer from the passages only; cite each claim as [n].',
  inputs: {
    question: { type: z.string(), description: 'the question' },
    passages: {
      type: z.array(passageSchema),
      description: 'numbered passages',
      format: (passages: Array<z.infer<typeof passageSchema>>) =>
        passages.map((p) => `[${p.n}] ${p.text}`).join('\n'),
    },
  },
  outputs: { answer: { type: z.string(), description: 'the answer' } },
});

const library = [
  { n: 1, source: 'geo.md', text: 'Paris is the capital of France. It has many museums.' },
  { n: 2, source: 'fruit.md', text: 'Bananas are yellow fruit grown in warm places.' },
];

interface Inputs {
  question: string;
  history: Turn[];
}

class Rag extends Module<Inputs> {
  rewrite = new Predict(rewriteWithHistory);
  synthesize = new ChainOfThought(answerSig);
  readonly queries: string[] = [];

  async forward({ question, history }: Inputs) {
    const query = history.length
      ? String((await this.rewrite.call({ history, question })).outputs.query)
      : question;
    this.queries.push(query);
    const passages = await this.tool('retrieve', { query }, () => library);
    this.emit('passages', passages);
    return this.synthesize.call({ question, passages });
  }
}

const answerListener = () =>
  new StreamListener({ predictName: 'synthesize.predict', field: 'answer' });
const chunksOf = (events: StreamEvent[], field = 'answer') =>
  events.filter((e): e is StreamResponse => e.type === 'stream' && e.field === field);
const predictionOf = (events: StreamEvent[]) => events.at(-1) as Prediction;

describe('a composite program streamed with a computed LM', () => {
  it('yields status, the custom event, the answer chunks and last the prediction', async () => {
    const run = streamify(new Rag(), {
      listeners: [answerListener()],
      status: {
        toolStart: ({ name }) => `searching (${name})`,
        toolEnd: ({ outputs }) => `found ${(outputs as unknown[]).length}`,
        lmStart: ({ predictName }) => `writing (${predictName})`,
      },
    });
    const events = await collect(
      // Paced as in the app, so that the answer streams in several chunks.
      run({ question: 'What is the capital of France?', history: [] }, { lm: quotingLM(1) }),
    );
    expect(events.filter((e) => e.type === 'status').map((e) => e.message)).toEqual([
      'searching (retrieve)',
      'found 2',
      'writing (synthesize.predict)',
    ]);
    expect(events.find((e) => e.type === 'event')).toEqual({
      type: 'event',
      name: 'passages',
      data: library,
    });
    const chunks = chunksOf(events);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.at(-1)?.isLast).toBe(true);
    expect(chunks.slice(0, -1).every((c) => !c.isLast)).toBe(true);
    const prediction = predictionOf(events);
    expect(prediction.type).toBe('prediction');
    expect(chunks.map((c) => c.chunk).join('')).toBe(prediction.outputs.answer);
    expect(prediction.outputs.answer).toBe('Paris is the capital of France [1].');
    expect(prediction.outputs.reasoning).toMatch(/passage \[1\]/);
    expect(prediction.lm).toEqual({ provider: 'quoting', model: 'quoting-1' });
    expect(prediction.usage.completionTokens).toBeGreaterThan(0);
  });

  it('rewrites a follow-up question from the history before retrieving', async () => {
    const program = new Rag();
    const prediction = await program.call(
      {
        question: 'How many museums does it have?',
        history: [{ role: 'assistant', content: 'Paris is the capital of France.' }],
      },
      { lm: quotingLM() },
    );
    expect(program.queries).toEqual(['How many museums does it have? paris capital france']);
    expect(prediction.outputs.answer).toBe('It has many museums [1].');
  });

  it('streams from a copy of the program under the same predictor path', async () => {
    const copy = new Rag().copy();
    const events = await collect(
      streamify(copy, { listeners: [answerListener()] })(
        { question: 'What colour are bananas?', history: [] },
        { lm: quotingLM() },
      ),
    );
    expect(
      chunksOf(events)
        .map((c) => c.chunk)
        .join(''),
    ).toBe('Bananas are yellow fruit grown in warm places [2].');
  });
});

describe('Module', () => {
  it('names every predictor by its path, also in a deep copy that shares no modules', () => {
    const program = new Rag();
    const paths = (m: Module<Inputs>) => [...m.namedModules().values()];
    expect(paths(program)).toEqual(['self', 'rewrite', 'synthesize', 'synthesize.predict']);
    const copy = program.copy();
    expect(paths(copy)).toEqual(paths(program));
    expect(copy).toBeInstanceOf(Rag);
    expect(copy.synthesize).not.toBe(program.synthesize);
    expect(copy.synthesize.predict).not.toBe(program.synthesize.predict);
  });

  it('calls without streaming and sums the usage of every LM call of the run', async () => {
    const lm = new ScriptedLM([
      ['[[ ## query ## ]]\nparis museums\n\n[[ ## completed ## ]]'],
      ['[[ ## reasoning ## ]]\nr\n\n[[ ## answer ## ]]\nMany [1].\n\n[[ ## completed ## ]]'],
    ]);
    const prediction = await new Rag().call(
      { question: 'and museums?', history: [{ role: 'user', content: 'Paris' }] },
      { lm },
    );
    expect(prediction.outputs).toEqual({ reasoning: 'r', answer: 'Many [1].' });
    expect(prediction.usage).toEqual({ promptTokens: 20, completionTokens: 2 });
    expect(lm.requests[1].messages[1].content).toContain('[1] Paris is the capital of France.');
  });

  it('names the input field that is invalid', async () => {
    const predict = new Predict(answerSig);
    await expect(predict.call({ question: 3, passages: [] }, { lm: quotingLM() })).rejects.toThrow(
      /Input field "question" is invalid/,
    );
  });

  it('refuses a call without an LM', async () => {
    await expect(new Predict(rewriteSig).call({ history: '', question: 'q' })).rejects.toThrow(
      /needs an LM/,
    );
  });
});
