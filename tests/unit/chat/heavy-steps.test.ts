import { describe, expect, it } from 'vitest';
import { beforeHeavyStep } from '@/lib/chat/heavy-steps';

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
        const busyUntil = performance.now() + 3;
        while (performance.now() < busyUntil); // the step's synchronous work
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
});
