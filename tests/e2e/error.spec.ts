import { type App, ask, expect, files, screenshots, startApp, test } from './support/fixtures';

let app: App;
test.beforeAll(async () => {
  app = await startApp({ documents: [files.markdown] });
});
test.afterAll(() => app?.stop());

test('a model failure shows the error with Retry, also after a reload; Retry answers', async ({
  page,
}, testInfo) => {
  const shot = screenshots(page, testInfo);
  app.model.fail(500);
  await page.goto(app.url);
  await ask(page, 'How much sun do tomatoes need?');

  const reply = page.getByRole('article', { name: 'Answer' });
  await expect(reply).toHaveAttribute('data-status', 'error');
  await expect(reply.getByRole('alert')).toContainText('500');
  await expect(reply.getByRole('button', { name: 'Retry' })).toBeVisible();
  await shot('failed');

  await page.reload();
  await expect(reply).toHaveAttribute('data-status', 'error');
  await expect(reply.getByRole('alert')).toContainText('500');
  await shot('failed-after-reload');

  app.model.answer({ answer: 'Six to eight hours of direct sun [1].' });
  await reply.getByRole('button', { name: 'Retry' }).click();
  await expect(reply).toHaveAttribute('data-status', 'complete');
  await expect(reply.locator('[data-answer-text]')).toHaveText(
    'Six to eight hours of direct sun 1.',
  );
  await expect(reply.getByRole('alert')).toHaveCount(0);
  await shot('retried');
});
