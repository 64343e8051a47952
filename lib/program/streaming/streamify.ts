import { type CallOptions, type Module, runProgram } from '../module';
import { Predict } from '../predict';
import { type LMCallInfo, type LMCallObserver, type RunObserver, unwatchedLMCall } from '../run';
import type {
  LMEndInfo,
  LMStartInfo,
  ModuleEndInfo,
  ModuleStartInfo,
  StatusMessageProvider,
  ToolEndInfo,
  ToolStartInfo,
} from '../status';
import { EventQueue } from './event-queue';
import { ListenedCall } from './listened-call';
import type { FieldFollower, StreamListener } from './listener';
import type { StreamEvent } from './messages';

export interface StreamifyOptions {
  listeners?: StreamListener[];
  status?: StatusMessageProvider;
  /** Yield the program's Prediction as the last event (default true). */
  includeFinalPrediction?: boolean;
}

/** Runs the program once per call, yielding its events as they happen. */
export type StreamingProgram<I extends object> = (
  inputs: I,
  options?: CallOptions,
) => AsyncIterableIterator<StreamEvent>;

/**
 * Wraps a program so a call yields status messages, listened fields' chunks, custom events and
 * finally the Prediction. Nothing runs until the first `next()`; leaving the loop early aborts
 * the program's LM request, as does `options.signal`. Errors reject the iterator's `next()`.
 */
export function streamify<I extends object>(
  program: Module<I>,
  options: StreamifyOptions = {},
): StreamingProgram<I> {
  const { listeners = [], status = {}, includeFinalPrediction = true } = options;
  return (inputs, callOptions = {}) => {
    const stop = new AbortController();
    const signal = callOptions.signal
      ? AbortSignal.any([callOptions.signal, stop.signal])
      : stop.signal;
    const queue: EventQueue = new EventQueue(
      () => {
        const paths = program.namedModules();
        try {
          checkListeners(paths, listeners);
        } catch (error) {
          queue.fail(error);
          return;
        }
        const followers = listeners.map((listener) => listener.open());
        const observer = new StreamObserver(queue, status, followers);
        runProgram(program, inputs, { ...callOptions, signal }, observer, paths).then(
          (prediction) => {
            if (includeFinalPrediction) queue.push(prediction);
            queue.close();
          },
          (error: unknown) => queue.fail(error),
        );
      },
      () => stop.abort(new DOMException('The stream consumer stopped reading', 'AbortError')),
    );
    return queue;
  };
}

/** A listener naming a predictor or field the program does not have would stream nothing. */
function checkListeners(paths: Map<Module<object>, string>, listeners: StreamListener[]): void {
  const predictors = new Map<string, Predict<object>>();
  for (const [module, path] of paths) {
    if (module instanceof Predict) predictors.set(path, module);
  }
  for (const { predictName, field } of listeners) {
    const predictor = predictors.get(predictName);
    if (!predictor) {
      const known = [...predictors.keys()].join(', ');
      throw new Error(
        `StreamListener: the program has no predictor "${predictName}" (it has: ${known})`,
      );
    }
    if (!(field in predictor.signature.outputs)) {
      const known = predictor.signature.outputNames.join(', ');
      throw new Error(
        `StreamListener: predictor "${predictName}" has no output field "${field}" (it has: ${known})`,
      );
    }
  }
}

class StreamObserver implements RunObserver {
  constructor(
    private readonly queue: EventQueue,
    private readonly status: StatusMessageProvider,
    private readonly followers: FieldFollower[],
  ) {}

  moduleStart(info: ModuleStartInfo): void {
    this.say(this.status.moduleStart?.(info));
  }
  moduleEnd(info: ModuleEndInfo): void {
    this.say(this.status.moduleEnd?.(info));
  }
  lmStart(info: LMStartInfo): void {
    this.say(this.status.lmStart?.(info));
  }
  lmEnd(info: LMEndInfo): void {
    this.say(this.status.lmEnd?.(info));
  }
  toolStart(info: ToolStartInfo): void {
    this.say(this.status.toolStart?.(info));
  }
  toolEnd(info: ToolEndInfo): void {
    this.say(this.status.toolEnd?.(info));
  }

  event(name: string, data: unknown): void {
    this.queue.push({ type: 'event', name, data });
  }

  lmCall(call: LMCallInfo): LMCallObserver {
    const following = this.followers.filter((follower) => follower.follow(call));
    return following.length === 0 ? unwatchedLMCall : new ListenedCall(following, this.queue);
  }

  private say(message: string | undefined): void {
    if (message) this.queue.push({ type: 'status', message });
  }
}
