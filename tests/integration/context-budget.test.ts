import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ask, createChat, getChat, uploadFiles } from '../support/api';
import { answerCompletion } from '../support/completions';
import { type OpenAIStub, startOpenAIStub } from '../support/openai-stub';
import { startFolio } from '../support/server';
import { readUIParts } from '../support/ui-stream';

/** Eight documents of about a thousand characters each, all about the lighthouse. */
const documents = Array.from({ length: 8 }, (_, i) => ({
  name: `log-${i + 1}.md`,
  content: `# Lighthouse log ${i + 1}\n\n${Array.from(
    { length: 12 },
    (_, j) => `In week ${j + 1} of year ${1900 + i} the lighthouse keeper trimmed the wick.`,
  ).join(' ')}\n`,
  type: 'text/markdown',
}));

// Each test starts a server of its own and waits for eight documents to be read.
vi.setConfig({ testTimeout: 90_000 });

/**
 * A small local model: the test server refuses any prompt longer than its 2,048-token window,
 * as vLLM and Ollama do. Eight passages do not fit it.
 */
describe('the prompt fits the model', () => {
  let stub: OpenAIStub;

  beforeAll(async () => {
    stub = await startOpenAIStub();
    stub.contextWindow = 2048;
    stub.reply = () => ({ text: answerCompletion('The keeper trimmed the wick [1].') });
  });
  afterAll(async () => {
    await stub?.close();
  });

  async function askWith(contextTokens: number) {
    const folio = await startFolio({
      env: {
        OPENAI_BASE_URL: stub.url,
        OPENAI_API_KEY: 'k',
        FOLIO_CHAT_MODEL: 'stub-model',
        FOLIO_CONTEXT_TOKENS: String(contextTokens),
      },
    });
    try {
      const upload = await uploadFiles(folio.url, documents);
      expect(upload.body.documents.every((d) => d.status === 'ready')).toBe(true);
      const chat = await createChat(folio.url);
      await readUIParts(await ask(folio.url, chat.id, 'What did the lighthouse keeper do?'));
      return (await getChat(folio.url, chat.id)).messages[1];
    } finally {
      await folio.stop();
    }
  }

  it('with FOLIO_CONTEXT_TOKENS at the window, answers from fewer passages and says how many were cut', async () => {
    const answer = await askWith(2048);
    expect(answer.status).toBe('complete');
    expect(answer.content).toBe('The keeper trimmed the wick [1].');
    expect(answer.sources.length).toBeGreaterThanOrEqual(1);
    expect(answer.sources.length).toBeLessThan(8);
    expect(answer.metadata.context).toEqual({
      windowTokens: 2048,
      passagesCut: 8 - answer.sources.length,
      historyTurnsCut: 0,
      passageShortened: false,
    });
  });

  it('with a budget larger than the window, the server refuses the prompt and the answer fails', async () => {
    const answer = await askWith(65_536);
    expect(answer.status).toBe('error');
    expect(String(answer.metadata.error)).toMatch(/maximum context length is 2048 tokens/);
  });
});
