import { SourceList } from '@/components/sources/source-list';
import type { ChatUIMessage, SourceView } from '@/lib/chat/types';
import { AnswerText } from './answer-text';

function textOf(message: ChatUIMessage): string {
  return message.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

function sourcesOf(message: ChatUIMessage): SourceView[] {
  const part = message.parts.findLast((p) => p.type === 'data-sources');
  return part?.type === 'data-sources' ? part.data : [];
}

const endings: Record<string, string> = {
  stopped: 'Stopped before the answer was complete.',
  error: 'The answer failed.',
  interrupted: 'The server stopped before this answer was complete.',
};

export function MessageView({ message }: { message: ChatUIMessage }) {
  const text = textOf(message);
  if (message.role === 'user') {
    return (
      <div className="flex justify-end" data-role="user">
        <div className="max-w-[80%] rounded-2xl bg-zinc-100 px-4 py-2 whitespace-pre-wrap dark:bg-zinc-800">
          {text}
        </div>
      </div>
    );
  }
  const sources = sourcesOf(message);
  const status = message.metadata?.status;
  return (
    <article data-role="assistant" data-status={status} aria-label="Answer">
      <AnswerText text={text} sourceCount={sources.length} />
      {status && endings[status] && (
        <p className="mt-2 text-sm text-amber-700 dark:text-amber-400">
          {endings[status]} {message.metadata?.error}
        </p>
      )}
      <SourceList sources={sources} />
    </article>
  );
}
