import type { Signature } from '../signature';
import {
  type Adapter,
  type ChatMessage,
  describeFields,
  type FieldSink,
  formatInputValue,
  type LMParams,
  readFields,
  validateOutputs,
} from './adapter';
import { ChatLexer, completedMarker, fieldMarker } from './chat-lexer';

/**
 * DSPy's chat format: each field under a `[[ ## name ## ]]` line, the completion ending with
 * `[[ ## completed ## ]]`.
 */
export class ChatAdapter implements Adapter {
  readonly name = 'chat';
  readonly params: LMParams = {};

  format(signature: Signature, inputs: Record<string, unknown>): ChatMessage[] {
    const sections = signature.inputNames.map(
      (name) => `${fieldMarker(name)}\n${formatInputValue(signature.inputs[name], inputs[name])}`,
    );
    const order = signature.outputNames.map((name) => `\`${fieldMarker(name)}\``).join(', then ');
    sections.push(
      `Respond with the corresponding output fields, starting with the field ${order}, and then ending with the marker for \`${completedMarker}\`.`,
    );
    return [
      { role: 'system', content: systemMessage(signature) },
      { role: 'user', content: sections.join('\n\n') },
    ];
  }

  formatCompletion(signature: Signature, outputs: Record<string, unknown>): string {
    const sections = signature.outputNames.map((name) => {
      const value = outputs[name];
      return `${fieldMarker(name)}\n${typeof value === 'string' ? value : JSON.stringify(value)}`;
    });
    return [...sections, completedMarker].join('\n\n');
  }

  parse(signature: Signature, completion: string): Record<string, unknown> {
    const raw = readFields(this, signature, completion);
    return validateOutputs(this.name, signature, raw, completion);
  }

  createLexer(signature: Signature, sink: FieldSink): ChatLexer {
    return new ChatLexer(signature, sink);
  }
}

/** A signature is immutable, so its system message is written once, not on every call. */
const systemMessages = new WeakMap<Signature, string>();

function systemMessage(signature: Signature): string {
  let system = systemMessages.get(signature);
  if (system === undefined) {
    const skeleton = [
      ...signature.inputNames.map((name) => `${fieldMarker(name)}\n{${name}}`),
      ...signature.outputNames.map((name) => `${fieldMarker(name)}\n{${name}}`),
      completedMarker,
    ].join('\n\n');
    system = [
      `Your input fields are:\n${describeFields(signature.inputs)}`,
      `Your output fields are:\n${describeFields(signature.outputs)}`,
      `All interactions will be structured in the following way, with the appropriate values filled in.\n\n${skeleton}`,
      `In adhering to this structure, your objective is:\n${signature.instructions}`,
    ].join('\n\n');
    systemMessages.set(signature, system);
  }
  return system;
}
