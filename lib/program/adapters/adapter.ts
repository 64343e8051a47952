import { z } from 'zod';
import type { Field, Signature } from '../signature';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Request parameters an adapter may need from the LM (the JSON adapter asks for JSON mode). */
export interface LMParams {
  temperature?: number;
  maxTokens?: number;
  responseFormat?: 'text' | 'json_object';
}

/**
 * Receives a completion's fields as a lexer finds them. `delta` text is exactly what the parsed
 * value is made of: markers and the whitespace the parser trims never reach it.
 */
export interface FieldSink {
  start(field: string): void;
  delta(field: string, text: string): void;
  end(field: string): void;
}

/** Reads a completion incrementally, in chunks cut anywhere. */
export interface FieldLexer {
  push(chunk: string): void;
  /** The completion is over: whatever was held back is settled and an open field ends. */
  finish(): void;
  /** Characters received but neither emitted nor discarded yet. */
  readonly heldBack: number;
}

/** How a signature and its inputs become messages, and a completion becomes output values. */
export interface Adapter {
  readonly name: string;
  /** What this adapter needs from the LM request. */
  readonly params: LMParams;
  format(signature: Signature, inputs: Record<string, unknown>): ChatMessage[];
  /** The completion that would carry these outputs (what a model is asked to write). */
  formatCompletion(signature: Signature, outputs: Record<string, unknown>): string;
  /** Output values, validated with their zod types; throws AdapterParseError. */
  parse(signature: Signature, completion: string): Record<string, unknown>;
  createLexer(signature: Signature, sink: FieldSink): FieldLexer;
}

/** A completion the adapter could not turn into valid outputs. */
export class AdapterParseError extends Error {
  constructor(
    readonly adapter: string,
    message: string,
    readonly completion: string,
  ) {
    super(`${adapter} adapter: ${message}`);
    this.name = 'AdapterParseError';
  }
}

/** Renders an input value for the prompt: the field's own `format`, else text or JSON. */
export function formatInputValue(field: Field, value: unknown): string {
  // `format` is typed against the field's own zod type; the value was validated against it.
  if (field.format) return (field.format as (value: unknown) => string)(value);
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value, null, 2);
}

/** How a field's type is described to the model. */
export function describeType(type: z.ZodType): string {
  if (type instanceof z.ZodString) return 'string';
  const { $schema: _, ...schema } = z.toJSONSchema(type, { unrepresentable: 'any' });
  return `JSON matching the schema ${JSON.stringify(schema)}`;
}

export function describeFields(fields: Readonly<Record<string, Field>>): string {
  return Object.entries(fields)
    .map(([name, field], i) => {
      const description = field.description ? `: ${field.description}` : '';
      return `${i + 1}. \`${name}\` (${describeType(field.type)})${description}`;
    })
    .join('\n');
}

/** Validates inputs against the signature, naming the first field that is missing or wrong. */
export function validateInputs(
  signature: Signature,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(signature.inputs)) {
    const result = field.type.safeParse(inputs[name]);
    if (!result.success) {
      throw new TypeError(`Input field "${name}" is invalid: ${z.prettifyError(result.error)}`);
    }
    values[name] = result.data;
  }
  return values;
}

/**
 * Validates raw output values with their zod types. A value given as text for a field that is
 * not a string is read as JSON first (a model writes `42` or `["a"]` as text under a marker).
 */
export function validateOutputs(
  adapter: string,
  signature: Signature,
  raw: Record<string, unknown>,
  completion: string,
): Record<string, unknown> {
  const missing = signature.outputNames.filter((name) => !(name in raw));
  if (missing.length > 0) {
    const list = missing.map((n) => `"${n}"`).join(', ');
    throw new AdapterParseError(adapter, `the completion has no output field ${list}`, completion);
  }
  const outputs: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(signature.outputs)) {
    let result = field.type.safeParse(raw[name]);
    if (!result.success && typeof raw[name] === 'string') {
      const json = parseJson(raw[name]);
      if (json.ok) result = field.type.safeParse(json.value);
    }
    if (!result.success) {
      throw new AdapterParseError(
        adapter,
        `output field "${name}" is invalid: ${z.prettifyError(result.error)}`,
        completion,
      );
    }
    outputs[name] = result.data;
  }
  return outputs;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Reads a whole completion with an adapter's lexer: each field's value as the lexer emits it. */
export function readFields(
  adapter: Adapter,
  signature: Signature,
  completion: string,
): Record<string, string> {
  const values = new FieldValues();
  const lexer = adapter.createLexer(signature, values);
  lexer.push(completion);
  lexer.finish();
  return values.values;
}

/** A sink that keeps each field's text whole. */
class FieldValues implements FieldSink {
  readonly values: Record<string, string> = {};

  start(field: string): void {
    this.values[field] = '';
  }

  delta(field: string, text: string): void {
    this.values[field] += text;
  }

  end(): void {}
}
