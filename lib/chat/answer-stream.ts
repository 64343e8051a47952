import { randomUUID } from 'node:crypto';
import type { AnswerMetadata, ChatChunk, SourceView } from './types';
import { sourceDocumentPart } from './ui-messages';

/**
 * The AI SDK UI message stream of one answer, part by part: its start, status lines, the
 * sources, the answer text, and how it ended. Knows the protocol and nothing else.
 */
export class AnswerStream {
  private textId = randomUUID();
  private textOpen = false;

  constructor(
    private readonly write: (chunk: ChatChunk) => void,
    messageId: string,
  ) {
    write({ type: 'start', messageId });
  }

  /** A transient status line ("Searching 3 documents…"). */
  status(message: string): void {
    this.write({ type: 'data-status', data: { message }, transient: true });
  }

  /** The sources as one persistent part, replaced each time; each as a source part the first time. */
  sources(sources: SourceView[], { announce = false } = {}): void {
    if (announce) for (const source of sources) this.write(sourceDocumentPart(source));
    this.write({ type: 'data-sources', id: 'sources', data: sources });
  }

  text(delta: string): void {
    if (!delta) return;
    this.beginText();
    this.write({ type: 'text-delta', id: this.textId, delta });
  }

  /** The text so far is void (the model was asked again): a fresh text part starts. */
  restartText(): void {
    this.closeText();
    this.textId = randomUUID();
    this.beginText();
  }

  /** The answer ended as it should, or was stopped: its metadata, then the end. */
  finish(metadata: AnswerMetadata): void {
    this.closeText();
    this.write({ type: 'finish', messageMetadata: metadata });
  }

  /** The answer failed: its metadata, then the error a person reads. */
  fail(metadata: AnswerMetadata, errorText: string): void {
    this.closeText();
    this.write({ type: 'message-metadata', messageMetadata: metadata });
    this.write({ type: 'error', errorText });
  }

  /** The answer text begins (once the sources are out). */
  beginText(): void {
    if (this.textOpen) return;
    this.textOpen = true;
    this.write({ type: 'text-start', id: this.textId });
  }

  private closeText(): void {
    if (!this.textOpen) return;
    this.textOpen = false;
    this.write({ type: 'text-end', id: this.textId });
  }
}
