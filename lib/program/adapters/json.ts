import type { Signature } from '../signature';
import {
  type Adapter,
  AdapterParseError,
  type ChatMessage,
  describeFields,
  type FieldSink,
  formatInputValue,
  type LMParams,
  readFields,
  validateOutputs,
} from './adapter';
import { fieldMarker } from './chat-lexer';
import { JSONLexer } from './json-lexer';

/**
 * Asks for the outputs as one JSON object (in JSON mode where the server supports it). The
 * fallback when a completion does not follow the chat format.
 */
export class JSONAdapter implements Adapter {
  readonly name = 'json';
  readonly params: LMParams = { responseFormat: 'json_object' };

  format(signature: Signature, inputs: Record<string, unknown>): ChatMessage[] {
    const shape = `{\n${signature.outputNames.map((name) => `  "${name}": {${name}}`).join(',\n')}\n}`;
    const system = [
      `Your input fields are:\n${describeFields(signature.inputs)}`,
      `Your output fields are:\n${describeFields(signature.outputs)}`,
      `Inputs will be given under \`[[ ## name ## ]]\` headers. Outputs will be a JSON object with the following fields, in this order:\n\n${shape}`,
      `In adhering to this structure, your objective is:\n${signature.instructions}`,
    ].join('\n\n');
    const sections = signature.inputNames.map(
      (name) => `${fieldMarker(name)}\n${formatInputValue(signature.inputs[name], inputs[name])}`,
    );
    const order = signature.outputNames.map((name) => `\`${name}\``).join(', then ');
    sections.push(`Respond with a JSON object with the fields ${order}.`);
    return [
      { role: 'system', content: system },
      { role: 'user', content: sections.join('\n\n') },
    ];
  }

  formatCompletion(signature: Signature, outputs: Record<string, unknown>): string {
    const ordered = Object.fromEntries(signature.outputNames.map((name) => [name, outputs[name]]));
    return JSON.stringify(ordered, null, 2);
  }

  parse(signature: Signature, completion: string): Record<string, unknown> {
    const start = completion.indexOf('{');
    const end = completion.lastIndexOf('}');
    if (start === -1 || end < start || !isJsonObject(completion.slice(start, end + 1))) {
      throw new AdapterParseError(this.name, 'the completion is not a JSON object', completion);
    }
    const raw = readFields(this, signature, completion);
    return validateOutputs(this.name, signature, raw, completion);
  }

  createLexer(signature: Signature, sink: FieldSink): JSONLexer {
    return new JSONLexer(signature, sink);
  }
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
