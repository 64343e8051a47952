import { type App, ask, expect, files, screenshots, startApp, test } from './support/fixtures';

let app: App;
test.beforeAll(async () => {
  app = await startApp({ documents: [files.markdown] });
});
test.afterAll(() => app?.stop());

/** About 8,000 characters of Markdown with citations, lists, a table and code. */
function longAnswer(): string {
  const parts: string[] = [];
  for (let i = 1; parts.join('\n\n').length < 8000; i++) {
    parts.push(
      `### Part ${i}\n\nTomatoes need six to eight hours of direct sun every day [1], and deep watering twice a week keeps their roots down where the soil stays cool [1]. Basil grows best beside them [1].`,
      `- Water at the base in the morning [1]\n- Mulch once the soil is warm\n- Pinch basil before it flowers [1]`,
      i % 3 === 0
        ? '| Plant | Sun | Water |\n|---|---|---|\n| Tomato | 6–8 h | twice a week |\n| Basil | 6 h | when dry |'
        : '```text\nwater: 2x/week [not a citation]\nsun: 6-8h\n```',
    );
  }
  return parts.join('\n\n');
}

/** Installed in the page: long tasks (over 50 ms, as the browser reports them) and frame gaps. */
function observeMainThread() {
  const record = {
    longTasks: [] as Array<{ start: number; duration: number }>,
    frames: [] as number[],
  };
  (window as unknown as { mainThread: typeof record }).mainThread = record;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      record.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const frame = (t: number) => {
    record.frames.push(t);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

test('a 2,000-token answer streams without a main-thread task over 50 ms', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const shot = screenshots(page, testInfo);
  const answer = longAnswer();
  // 4 characters a chunk: one chunk is one completion token for the stub, so 2,000 tokens.
  app.model.answer({ answer, chunkSize: 4, delayMs: 5 });
  await page.addInitScript(observeMainThread);
  await page.goto(app.url);
  await ask(page, 'Tell me everything about tomatoes and basil.');

  const reply = page.getByRole('article', { name: 'Answer' });
  await expect(reply.locator('[data-answer-text]')).toContainText('Part 1');
  const streamStart = await page.evaluate(() => performance.now());
  await shot('streaming');
  // Waiting with a plain selector, polled slowly: a role locator would compute the page's
  // accessibility tree on the main thread at every poll and cause the very long tasks measured.
  await page.waitForFunction(
    () => document.querySelector('article[data-status="complete"]'),
    undefined,
    { polling: 500, timeout: 150_000 },
  );
  const streamEnd = await page.evaluate(() => performance.now());
  await shot('complete');

  // The model really sent the whole answer: 2,000 chunks, each a completion token.
  expect(app.stub.requests.at(-1)!.finishedAt).toBeDefined();
  const { longTasks, frames } = await page.evaluate(
    () =>
      (
        window as unknown as {
          mainThread: { longTasks: Array<{ start: number; duration: number }>; frames: number[] };
        }
      ).mainThread,
  );
  const during = longTasks.filter((t) => t.start >= streamStart && t.start <= streamEnd);
  const gaps = frames
    .filter((t) => t >= streamStart && t <= streamEnd)
    .map((t, i, all) => (i === 0 ? 0 : t - all[i - 1]));
  const figures = {
    answerCharacters: answer.length,
    streamedForMs: Math.round(streamEnd - streamStart),
    longTasksOver50ms: during.length,
    longestTaskMs: during.length ? Math.max(...during.map((t) => t.duration)) : 0,
    longestFrameGapMs: Math.round(Math.max(...gaps)),
  };
  console.log(`streaming performance: ${JSON.stringify(figures)}`);
  await testInfo.attach('main-thread.json', { body: JSON.stringify(figures, null, 2) });
  await expect(reply.locator('[data-answer-text] table').first()).toBeVisible();
  expect(during, 'main-thread tasks over 50 ms while the answer streamed').toEqual([]);
});
