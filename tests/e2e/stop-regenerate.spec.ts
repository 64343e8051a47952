import type { Page } from '@playwright/test';
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

/** Asks while the model writes longAnswer slowly; returns the answer and its text. */
async function askForLongAnswer(page: Page, question: string, delayMs: number) {
  app.model.answer({ answer: longAnswer, chunkSize: 4, delayMs });
  await page.goto(app.url);
  await ask(page, question);
  const reply = page.getByRole('article', { name: 'Answer' });
  return { reply, text: reply.locator('[data-answer-text]') };
}

test('stop an answer midway with Esc: the partial text stays, marked stopped, also after a reload; then regenerate', async ({
  page,
}, testInfo) => {
  const shot = screenshots(page, testInfo);
  const { reply, text } = await askForLongAnswer(page, 'How much sun do tomatoes need?', 60);
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
  const { reply, text } = await askForLongAnswer(page, 'Does basil like tomatoes?', 60);
  await expect(text).toContainText('Sentence 2 ');
  await page.getByRole('button', { name: 'Stop answer' }).click();
  await expect(reply).toHaveAttribute('data-status', 'stopped');
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  await shot('stopped-by-button');
});

test('a reload mid-answer picks the answer up from its start and shows its text once', async ({
  page,
}, testInfo) => {
  const shot = screenshots(page, testInfo);
  const { reply, text } = await askForLongAnswer(page, 'Where should tomatoes grow?', 20);
  await expect(text).toContainText('Sentence 2 ');
  // Reload once the server has saved part of the answer (a checkpoint, every second).
  const chatId = new URL(page.url()).pathname.split('/').at(-1);
  await expect
    .poll(async () => {
      const chat = await (await fetch(`${app.url}/api/chats/${chatId}`)).json();
      return chat.messages.at(-1).content as string;
    })
    .toContain('Sentence 1 ');
  await page.reload();
  await expect(text).toContainText('Sentence 1 ');
  await shot('resumed');
  await expect(reply).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  const shown = (await text.textContent())!;
  expect(shown.match(/Sentence 1 about/g)).toHaveLength(1);
  expect(shown).toContain('Sentence 40 about');
  await shot('complete-after-resume');
});
