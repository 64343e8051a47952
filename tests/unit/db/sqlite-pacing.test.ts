import { describe, expect, it } from 'vitest';
import { beforeHeavyStep } from '@/db/sqlite/pacing';

/** Keeps the thread busy, as a step's synchronous work or a burst of tokens would. */
function busyFor(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('heavy steps of answers', () => {
  it('run in the order they asked, and let the event loop run between them', async () => {
    const order: string[] = [];
    await Promise.all(
      ['first', 'second', 'third'].map(async (step) => {
        await beforeHeavyStep();
        order.push(step);
        // What a streaming answer waits on (here a timer, due by the time the step is done)
        // gets its turn before the next step instead of after all of them.
        setTimeout(() => order.push(`timer after ${step}`), 1);
        busyFor(3); // the step's synchronous work
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(order).toEqual([
      'first',
      'timer after first',
      'second',
      'timer after second',
      'third',
      'timer after third',
    ]);
  });

  it('leave the turn after a long one to the sockets', async () => {
    const order: string[] = [];
    await Promise.all([
      beforeHeavyStep().then(() => {
        order.push('long step');
        busyFor(12);
        setImmediate(() => order.push('the next turn'));
      }),
      beforeHeavyStep().then(() => order.push('next step')),
    ]);
    expect(order).toEqual(['long step', 'the next turn', 'next step']);
  });

  it('still run while every turn is long, after a bounded wait', async () => {
    // Every turn of the event loop takes 10 ms, as when the thread is saturated.
    let saturated = true;
    const saturate = () => {
      busyFor(10);
      if (saturated) setImmediate(saturate);
    };
    setImmediate(saturate);
    const asked = performance.now();
    await beforeHeavyStep();
    const waited = performance.now() - asked;
    saturated = false;
    expect(waited).toBeGreaterThan(50);
    expect(waited).toBeLessThan(250);
  });
});
