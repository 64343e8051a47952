import { answerCompletion, queryCompletion } from '../../support/completions';
import type { OpenAIStub, StubReply } from '../../support/openai-stub';

export interface ScriptedAnswer extends Partial<Omit<StubReply, 'text'>> {
  answer: string;
}

/**
 * Scripts the stub model: answers come from a queue, in order; the question-rewriting step of
 * a follow-up question gets the question itself back as the query, so it never uses up an
 * answer.
 */
export function scriptModel(stub: OpenAIStub) {
  const answers: ScriptedAnswer[] = [];
  let failWith: number | undefined;
  stub.reply = (body) => {
    const prompt = JSON.stringify(body.messages ?? '');
    if (prompt.includes('[[ ## query ## ]]')) {
      const messages = body.messages as Array<{ content: string }>;
      const question = /\[\[ ## question ## \]\]\n([^\n]*)/.exec(messages.at(-1)!.content)?.[1];
      return { text: queryCompletion(question ?? '') };
    }
    if (failWith) return { text: '', status: failWith };
    const next = answers.shift() ?? { answer: 'No scripted answer.' };
    const { answer, ...reply } = next;
    return { ...reply, text: answerCompletion(answer) };
  };
  return {
    answer: (...next: ScriptedAnswer[]) => {
      failWith = undefined;
      answers.push(...next);
    },
    /** Every request fails with this HTTP status (retries too) until the next answer is scripted. */
    fail: (status: number) => {
      failWith = status;
    },
  };
}
