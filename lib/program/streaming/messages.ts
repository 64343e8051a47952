import type { Prediction } from '../prediction';

/** A status line for a person, from the status provider. */
export interface StatusMessage {
  type: 'status';
  message: string;
}

/** Text of one output field of one predictor, as it streams. */
export interface StreamResponse {
  type: 'stream';
  /** The predictor's path in the program, e.g. 'synthesize.predict'. */
  predictName: string;
  field: string;
  /** New text of the field; may be '' only on the last chunk. */
  chunk: string;
  /** The field is complete: the chunks of this LM call join to its parsed value. */
  isLast: boolean;
  /** The completion came from the cache (the whole field then arrives as one last chunk). */
  cached?: true;
  /**
   * Set on the first chunk of a second attempt: the chat completion could not be parsed, the
   * predictor asked again with the JSON adapter, and this field starts over. Text shown from
   * the earlier chunks of this predictor call should be dropped.
   */
  restart?: true;
}

/** A custom event from a module's `this.emit(name, data)`. */
export interface ProgramEvent {
  type: 'event';
  name: string;
  data: unknown;
}

export type StreamEvent = StatusMessage | StreamResponse | ProgramEvent | Prediction;
