import { type App, ask, expect, files, screenshots, startApp, test } from './support/fixtures';

let app: App;
test.beforeAll(async () => {
  app = await startApp({ documents: [files.markdown] });
});
test.afterAll(() => app?.stop());

const longAnswer = Array.from(
  { length: 40 },
  (_, i) => `Sentence ${i + 1} about tomatoes and their sun [1].`,
).join(' ');

test('stop an answer midway with Esc: the partial text stays, marked stopped, also after a reload; then regenerate', async ({
  page,
}, testInfo) => {
  const shot = screenshots(page, testInfo);
  app.model.answer({ answer: longAnswer, chunkSize: 4, delayMs: 60 });
  await page.goto(app.url);
  await ask(page, 'How much sun do tomatoes need?');

  const reply = page.getByRole('article', { name: 'Answer' });
  const text = reply.locator('[data-answer-text]');
  await expect(text).toContainText('Sentence 3 ');
  await shot('streaming');
  await page.keyboard.press('Escape');
  await expect(reply).toHaveAttribute('data-status', 'stopped');
  await expect(reply).toContainText('Stopped.');
  const partial = (await text.textContent())!;
  expect(partial).toContain('Sentence 3');
  expect(partial).not.toContain('Sentence 40');
  // The model request itself was aborted, not just the browser's connection.
  await expect.poll(() => app.stub.requests.at(-1)?.closedEarlyAt).toBeDefined();
  await shot('stopped');

  await page.reload();
  await expect(reply).toHaveAttribute('data-status', 'stopped');
  await expect(reply).toContainText('Stopped.');
  await expect(text).toHaveText(partial);
  await shot('stopped-after-reload');

  app.model.answer({ answer: 'Six to eight hours of direct sun [1].', delayMs: 10 });
  await reply.getByRole('button', { name: 'Regenerate answer' }).click();
  await expect(reply).toHaveAttribute('data-status', 'complete');
  await expect(page.getByRole('article', { name: 'Answer' })).toHaveCount(1);
  await expect(text).toHaveText('Six to eight hours of direct sun 1.');
  await shot('regenerated');

  await page.reload();
  await expect(page.getByRole('article', { name: 'Answer' })).toHaveCount(1);
  await expect(text).toHaveText('Six to eight hours of direct sun 1.');
});

test('the stop button stops an answer too', async ({ page }, testInfo) => {
  const shot = screenshots(page, testInfo);
  app.model.answer({ answer: longAnswer, chunkSize: 4, delayMs: 60 });
  await page.goto(app.url);
  await ask(page, 'Does basil like tomatoes?');
  const reply = page.getByRole('article', { name: 'Answer' });
  await expect(reply.locator('[data-answer-text]')).toContainText('Sentence 2 ');
  await page.getByRole('button', { name: 'Stop answer' }).click();
  await expect(reply).toHaveAttribute('data-status', 'stopped');
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  await shot('stopped-by-button');
});
