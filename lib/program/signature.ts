import { z } from 'zod';

/** One named input or output of a signature. */
export interface Field {
  type: z.ZodType;
  description?: string;
  /** How an adapter renders this input in the prompt; without it, values are rendered generically. */
  format?: (value: never) => string;
}

export interface SignatureSpec {
  instructions?: string;
  inputs: Record<string, Field>;
  outputs: Record<string, Field>;
}

const fieldName = /^[A-Za-z_]\w*$/;

/**
 * What an LM call takes and gives: named, typed input and output fields plus instructions.
 * Field order is meaningful: adapters ask for the outputs in the order they are declared.
 * Immutable: derived signatures (see `prependOutput`) are new objects.
 */
export class Signature {
  readonly instructions: string;
  readonly inputs: Readonly<Record<string, Field>>;
  readonly outputs: Readonly<Record<string, Field>>;

  constructor(spec: SignatureSpec) {
    const names = [...Object.keys(spec.inputs), ...Object.keys(spec.outputs)];
    for (const name of names) {
      if (!fieldName.test(name)) throw new Error(`Signature field "${name}" is not a word`);
      if (name === 'completed') throw new Error('Signature field "completed" is reserved');
    }
    const clash = Object.keys(spec.inputs).find((name) => name in spec.outputs);
    if (clash) throw new Error(`Signature field "${clash}" is both an input and an output`);
    if (Object.keys(spec.outputs).length === 0) throw new Error('A signature needs an output');
    this.instructions = spec.instructions ?? defaultInstructions(spec);
    this.inputs = Object.freeze({ ...spec.inputs });
    this.outputs = Object.freeze({ ...spec.outputs });
  }

  /** `Signature.from('question, passages -> answer')`: every field a string. */
  static from(shorthand: string, instructions?: string): Signature {
    const sides = shorthand.split('->');
    if (sides.length !== 2) throw new Error(`Signature "${shorthand}" needs exactly one "->"`);
    const fields = (side: string) =>
      Object.fromEntries(
        side
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name.length > 0)
          .map((name): [string, Field] => [name, { type: z.string() }]),
      );
    return new Signature({ instructions, inputs: fields(sides[0]), outputs: fields(sides[1]) });
  }

  get inputNames(): string[] {
    return Object.keys(this.inputs);
  }

  get outputNames(): string[] {
    return Object.keys(this.outputs);
  }

  /** A copy with one more output placed before the others (how ChainOfThought adds reasoning). */
  prependOutput(name: string, field: Field): Signature {
    return new Signature({
      instructions: this.instructions,
      inputs: this.inputs,
      outputs: { [name]: field, ...this.outputs },
    });
  }
}

function defaultInstructions(spec: SignatureSpec): string {
  const list = (names: string[]) => names.map((n) => `\`${n}\``).join(', ');
  return `Given the fields ${list(Object.keys(spec.inputs))}, produce the fields ${list(Object.keys(spec.outputs))}.`;
}
