import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from 'node:worker_threads';
import { Prediction } from '../prediction';
import type { StreamEvent } from './messages';

export interface SyncStreamEntry {
  /** A file URL or absolute path of a module that exports the stream function. */
  module: string | URL;
  /**
   * The name of the export: `(inputs) => AsyncIterable<StreamEvent>`, typically
   * `(inputs) => streamify(program, options)(inputs, { lm })` (default 'stream').
   */
  export?: string;
  /** Node options for the worker, e.g. ['--import', 'tsx'] to load TypeScript. */
  execArgv?: string[];
}

type WorkerMessage =
  | { kind: 'event'; event: StreamEvent }
  | { kind: 'done' }
  | { kind: 'error'; name: string; message: string; stack?: string };

/**
 * A synchronous iterable of a streamified program's events, for code that cannot await.
 *
 * A synchronous consumer blocks its thread, so the program cannot run on that thread's event
 * loop: it runs on a worker thread, and each `next()` blocks in `Atomics.wait` until the worker
 * has posted the next event, which it then takes with `receiveMessageOnPort`. Events are handed
 * over one by one as they happen; nothing is buffered until the end. The limits that follow
 * from running elsewhere:
 * - the program is named by module and export, not passed as an object: the worker imports its
 *   own copy (its own LM client, cache and database connections);
 * - inputs and event data must be structured-cloneable; a Prediction arrives rebuilt;
 * - while the consumer waits, its own thread runs nothing else (timers, sockets);
 * - leaving the loop early terminates the worker, which closes its LM connection;
 * - a worker killed from outside (out of memory) cannot report, and `next()` would then wait on.
 */
export function streamSync<I>(entry: SyncStreamEntry, inputs: I): IterableIterator<StreamEvent> {
  let worker: Worker | undefined;
  let port: MessagePort | undefined;
  let ticks: Int32Array | undefined;
  let finished = false;

  const finish = () => {
    finished = true;
    port?.close();
    void worker?.terminate();
  };

  const start = () => {
    const counter = new SharedArrayBuffer(4);
    const channel = new MessageChannel();
    ticks = new Int32Array(counter);
    port = channel.port1;
    const module =
      typeof entry.module === 'string' && isAbsolute(entry.module)
        ? pathToFileURL(entry.module).href
        : String(entry.module);
    worker = new Worker(new URL('./sync-worker.js', import.meta.url), {
      execArgv: entry.execArgv,
      workerData: {
        port: channel.port2,
        counter,
        module,
        exportName: entry.export ?? 'stream',
        inputs,
      },
      transferList: [channel.port2],
    });
    worker.unref();
  };

  return {
    next(): IteratorResult<StreamEvent> {
      if (finished) return { value: undefined, done: true };
      if (!worker) start();
      for (;;) {
        const seen = Atomics.load(ticks!, 0);
        const received = receiveMessageOnPort(port!);
        if (!received) {
          Atomics.wait(ticks!, 0, seen);
          continue;
        }
        const message = received.message as WorkerMessage;
        if (message.kind === 'event') return { value: revive(message.event), done: false };
        finish();
        if (message.kind === 'done') return { value: undefined, done: true };
        throw Object.assign(new Error(message.message), {
          name: message.name,
          stack: message.stack,
        });
      }
    },
    return(): IteratorResult<StreamEvent> {
      finish();
      return { value: undefined, done: true };
    },
    [Symbol.iterator]() {
      return this;
    },
  };
}

function revive(event: StreamEvent): StreamEvent {
  return event.type === 'prediction' ? new Prediction(event.outputs, event.usage, event.lm) : event;
}
