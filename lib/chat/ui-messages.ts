import type { Message } from '@/db';
import { pagesLabel } from '@/lib/rag/program';
import type { AnswerMetadata, ChatUIMessage, SourceView } from './types';

/** How a source travels in the UI message stream and in a stored message alike. */
export function sourceDocumentPart(s: SourceView) {
  return {
    type: 'source-document' as const,
    sourceId: String(s.n),
    mediaType: 'text/plain',
    title: `${s.documentName}, ${pagesLabel(s)}`,
    filename: s.documentName,
  };
}

/** A stored message in the shape useChat renders, so a reload looks like the live answer did. */
export function toUIMessage(message: Message): ChatUIMessage {
  const metadata = { ...(message.metadata as AnswerMetadata), status: message.status };
  if (message.role === 'user') {
    return {
      id: message.id,
      role: 'user',
      metadata,
      parts: [{ type: 'text', text: message.content }],
    };
  }
  return {
    id: message.id,
    role: 'assistant',
    metadata,
    parts: [
      ...message.sources.map(sourceDocumentPart),
      { type: 'data-sources', id: 'sources', data: message.sources },
      { type: 'text', text: message.content, state: 'done' },
    ],
  };
}
