import type { StatusMessageProvider } from '@/lib/program';
import { ragSteps } from './program';
import type { Passage } from './retriever';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the person sees while an answer is on its way. */
export function ragStatus(documentCount: number): StatusMessageProvider {
  return {
    toolStart: ({ name }) =>
      name === ragSteps.retrieve ? `Searching ${plural(documentCount, 'document')}…` : undefined,
    toolEnd: ({ name, outputs }) => {
      if (name !== ragSteps.retrieve) return undefined;
      const passages = outputs as Passage[];
      const documents = new Set(passages.map((p) => p.documentId)).size;
      return `Found ${plural(passages.length, 'passage')} in ${plural(documents, 'document')}`;
    },
    lmStart: ({ predictName }) =>
      predictName === ragSteps.answerPredictor
        ? 'Writing the answer…'
        : 'Reading the conversation…',
  };
}
