/**
 * The second half of bench:ui: while a 2,000-token answer streams into the chat page in
 * Chromium, the page's main-thread tasks over 50 ms, seen by a PerformanceObserver. A speed
 * target, so a benchmark (it swings with the machine's load), not a test.
 */
import { chromium } from '@playwright/test';
import { files, startApp } from '../../tests/e2e/support/fixtures';

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

/** Installed in the page: long tasks (over 50 ms, as the browser reports them). */
function observeMainThread() {
  const longTasks: Array<{ start: number; duration: number }> = [];
  (window as unknown as { longTasks: typeof longTasks }).longTasks = longTasks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

export async function measureStreamingLongTasks() {
  const app = await startApp({ documents: [files.markdown] });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const answer = longAnswer();
    // 4 characters a chunk: one chunk is one completion token for the stub, so 2,000 tokens.
    app.model.answer({ answer, chunkSize: 4, delayMs: 5 });
    await page.addInitScript(observeMainThread);
    await page.goto(app.url);
    await page.getByLabel('Question').fill('Tell me everything about tomatoes and basil.');
    await page.getByLabel('Question').press('Enter');
    // Plain selectors, polled slowly: role locators compute the accessibility tree on the main
    // thread and would cause the very tasks measured.
    await page.waitForFunction(() =>
      document.querySelector('[data-answer-text]')?.textContent?.includes('Part 1'),
    );
    const start = await page.evaluate(() => performance.now());
    await page.waitForFunction(
      () => document.querySelector('article[data-status="complete"]'),
      undefined,
      {
        polling: 500,
        timeout: 150_000,
      },
    );
    const end = await page.evaluate(() => performance.now());
    const tasks = await page.evaluate(
      () =>
        (window as unknown as { longTasks: Array<{ start: number; duration: number }> }).longTasks,
    );
    const during = tasks.filter((t) => t.start >= start && t.start <= end);
    return {
      answerCharacters: answer.length,
      streamedForMs: Math.round(end - start),
      longTasksOver50ms: during.length,
      longestTaskMs: during.length ? Math.round(Math.max(...during.map((t) => t.duration))) : 0,
    };
  } finally {
    await browser.close();
    await app.stop();
  }
}
