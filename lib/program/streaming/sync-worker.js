// The worker side of streamSync (sync.ts). Plain JavaScript so that it runs without a loader;
// the entry module it imports may need one (execArgv such as ['--import', 'tsx']).
import { workerData } from 'node:worker_threads';

const { port, counter, module, exportName, inputs } = workerData;
const ticks = new Int32Array(counter);

/** Posts a message, then wakes the consumer blocked in Atomics.wait. */
function send(message) {
  port.postMessage(message);
  Atomics.add(ticks, 0, 1);
  Atomics.notify(ticks, 0);
}

try {
  const stream = (await import(module))[exportName];
  if (typeof stream !== 'function') {
    throw new TypeError(`${module} exports no function "${exportName}"`);
  }
  // A Prediction is sent as its own fields and rebuilt on the other side.
  for await (const event of stream(inputs)) send({ kind: 'event', event: { ...event } });
  send({ kind: 'done' });
} catch (error) {
  const { name = 'Error', message = String(error), stack } = error instanceof Error ? error : {};
  send({ kind: 'error', name, message, stack });
} finally {
  port.close();
}
