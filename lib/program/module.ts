import type { LMCache } from './lm/cache';
import { type LM, noUsage } from './lm/lm';
import { Prediction } from './prediction';
import { type RunContext, type RunObserver, runContext, silentObserver } from './run';

export interface CallOptions {
  /** The LM for every predictor of the call; required at the top, inherited below. */
  lm?: LM;
  /** Aborting it cancels the LM request in flight and rejects the call. */
  signal?: AbortSignal;
  cache?: LMCache;
}

/**
 * A step of an LM program. Subclasses implement `forward`; callers use `call`, which runs status
 * hooks and, at the top of a program, opens the run that nested calls share.
 */
export abstract class Module<I extends object = Record<string, unknown>> {
  abstract forward(inputs: I): Promise<Prediction>;

  call(inputs: I, options: CallOptions = {}): Promise<Prediction> {
    const parent = runContext.getStore();
    if (!parent) return runProgram(this, inputs, options, silentObserver);
    const context = { ...parent, ...definedOptions(options) };
    return runContext.run(context, () => invoke(this, context, inputs));
  }

  /**
   * Runs a step that is not an LM call (retrieval, a lookup), announcing it to status hooks.
   * Returns what `run` returns.
   */
  protected async tool<T>(name: string, inputs: unknown, run: () => T | Promise<T>): Promise<T> {
    const observer = runContext.getStore()?.observer ?? silentObserver;
    observer.toolStart({ name, inputs });
    const outputs = await run();
    observer.toolEnd({ name, inputs, outputs });
    return outputs;
  }

  /** The LM this run answers with, for a step that fits its inputs to the LM's window. */
  protected currentLM(): LM | undefined {
    return runContext.getStore()?.lm;
  }

  /** Sends a custom event to the stream's consumer (streamify yields it as `{ type: 'event' }`). */
  protected emit(name: string, data: unknown): void {
    runContext.getStore()?.observer.event(name, data);
  }

  /** Sub-modules by path ('rewrite', 'synthesize.predict', 'tools[0]'), this one as 'self'. */
  namedModules(): Map<Module<object>, string> {
    const paths = new Map<Module<object>, string>();
    const visit = (module: Module<object>, path: string) => {
      if (paths.has(module)) return;
      paths.set(module, path || 'self');
      const prefix = path ? `${path}.` : '';
      for (const [key, value] of Object.entries(module)) {
        if (value instanceof Module) visit(value, `${prefix}${key}`);
        else if (Array.isArray(value)) {
          value.forEach((item, i) => {
            if (item instanceof Module) visit(item, `${prefix}${key}[${i}]`);
          });
        }
      }
    };
    visit(this, '');
    return paths;
  }

  /**
   * A deep copy of the module tree: sub-modules (also inside arrays) are copied, other values
   * (a retriever, a signature) are shared. Paths are the same in the copy.
   */
  copy(): this {
    return copyModule(this, new Map());
  }
}

function copyModule<M extends Module<object>>(module: M, copies: Map<object, object>): M {
  const done = copies.get(module);
  if (done) return done as M;
  const clone = Object.create(Object.getPrototypeOf(module)) as M;
  copies.set(module, clone);
  const copyValue = (value: unknown): unknown =>
    value instanceof Module ? copyModule(value, copies) : value;
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(module))) {
    const value: unknown = descriptor.value;
    if (value instanceof Module) descriptor.value = copyValue(value);
    else if (Array.isArray(value)) descriptor.value = value.map(copyValue);
    Object.defineProperty(clone, key, descriptor);
  }
  return clone;
}

function definedOptions(options: CallOptions): CallOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

/** Opens a run for a top-level call; the returned Prediction carries the whole run's usage. */
export async function runProgram<I extends object>(
  program: Module<I>,
  inputs: I,
  options: CallOptions,
  observer: RunObserver,
  paths: ReadonlyMap<object, string> = program.namedModules(),
): Promise<Prediction> {
  if (!options.lm) throw new TypeError('A program call needs an LM: pass { lm } to call()');
  const context: RunContext = {
    lm: options.lm,
    signal: options.signal,
    cache: options.cache,
    paths,
    observer,
    usage: noUsage(),
  };
  const result = await runContext.run(context, () => invoke(program, context, inputs));
  const { provider, model } = options.lm;
  return new Prediction(result.outputs, context.usage, { provider, model });
}

async function invoke<I extends object>(
  module: Module<I>,
  context: RunContext,
  inputs: I,
): Promise<Prediction> {
  context.signal?.throwIfAborted();
  const info = {
    path: context.paths.get(module) ?? module.constructor.name,
    module: module.constructor.name,
    inputs: inputs as Record<string, unknown>,
  };
  context.observer.moduleStart(info);
  const prediction = await module.forward(inputs);
  context.observer.moduleEnd({ ...info, outputs: prediction.outputs });
  return prediction;
}
