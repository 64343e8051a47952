import type { MessageWithSources } from '@/db/queries';
import { pagesLabel } from '@/lib/rag/pages';
import type { AnswerMetadata, ChatChunk, ChatUIMessage, SourceView } from './types';

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
export function toUIMessage(message: MessageWithSources): ChatUIMessage {
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

/**
 * A stored answer as the stream that wrote it would have ended: for a reader that came to
 * re-attach to it just after it ended, so that it reads the answer whole, not nothing.
 */
export function storedAnswerChunks(message: MessageWithSources): ChatChunk[] {
  const metadata = { ...(message.metadata as AnswerMetadata), status: message.status };
  const text: ChatChunk[] = message.content
    ? [
        { type: 'text-start', id: 'text' },
        { type: 'text-delta', id: 'text', delta: message.content },
        { type: 'text-end', id: 'text' },
      ]
    : [];
  const end: ChatChunk[] =
    message.status === 'error'
      ? [
          { type: 'message-metadata', messageMetadata: metadata },
          { type: 'error', errorText: metadata.error ?? 'The answer failed.' },
        ]
      : [{ type: 'finish', messageMetadata: metadata }];
  return [
    { type: 'start', messageId: message.id },
    { type: 'data-sources', id: 'sources', data: message.sources },
    ...text,
    ...message.sources.map(sourceDocumentPart),
    ...end,
  ];
}
