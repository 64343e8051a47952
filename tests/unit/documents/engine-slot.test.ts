import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { EngineSlot } from '@/lib/documents/ocr/engine-slot';

describe('the OCR engine slot', () => {
  it('lets one holder in at a time, the next in as soon as it is freed', async () => {
    const slot = new EngineSlot();
    const order: string[] = [];
    await slot.acquire(1);
    order.push('1 in');
    const second = slot.acquire(2).then(() => order.push('2 in'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(order).toEqual(['1 in']);
    slot.release(2); // not its holder: nothing happens
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(['1 in']);
    slot.release(1);
    await second;
    expect(order).toEqual(['1 in', '2 in']);
  });

  it('is shared with another thread through its memory', async () => {
    const slot = new EngineSlot();
    await slot.acquire(1);
    // A thread that takes the slot, as a reader thread would, and says when it has it. Like a
    // reader, whose port keeps it running, it keeps its event loop alive while it waits: a
    // pending Atomics.waitAsync does not.
    const thread = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const cell = new Int32Array(workerData);
       const alive = setInterval(() => {}, 1000);
       (async () => {
         for (;;) {
           const holder = Atomics.compareExchange(cell, 0, 0, 7);
           if (holder === 0) break;
           const waiting = Atomics.waitAsync(cell, 0, holder);
           if (waiting.async) await waiting.value;
         }
         parentPort.postMessage('in');
         clearInterval(alive);
       })();`,
      { eval: true, workerData: slot.memory },
    );
    const entered = new Promise((resolve) => thread.once('message', resolve));
    await new Promise((resolve) => setTimeout(resolve, 100));
    slot.release(1);
    expect(await entered).toBe('in');
    // Held by the other thread now: this one waits until that thread's holder frees it.
    let mine = false;
    const acquired = slot.acquire(1).then(() => {
      mine = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mine).toBe(false);
    slot.release(7);
    await acquired;
    expect(mine).toBe(true);
    await thread.terminate();
  });
});
