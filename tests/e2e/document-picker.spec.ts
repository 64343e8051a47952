import { getChat } from '../support/api';
import { type App, ask, expect, files, screenshots, startApp, test } from './support/fixtures';

let app: App;
test.beforeAll(async () => {
  app = await startApp({ documents: [files.pdf, files.markdown] });
});
test.afterAll(() => app?.stop());

test('a chat answers from the documents picked for it', async ({ page }, testInfo) => {
  const shot = screenshots(page, testInfo);
  app.model.answer({ answer: 'Six to eight hours of sun [1].' });
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Documents: All documents' }).click();
  await page.getByRole('menuitemcheckbox', { name: files.markdown.name }).click();
  await expect(page.getByRole('menuitemcheckbox', { name: 'All documents' })).toHaveAttribute(
    'aria-checked',
    'false',
  );
  await shot('picked-one');
  await page.keyboard.press('Escape');
  await expect(
    page.getByRole('button', { name: `Documents: ${files.markdown.name}` }),
  ).toBeVisible();

  await ask(page, 'How much sun do tomatoes need?');
  await page.waitForURL(/\/chats\//);
  const reply = page.getByRole('article', { name: 'Answer' });
  await expect(reply).toHaveAttribute('data-status', 'complete');
  await expect(
    page.getByRole('button', { name: `Documents: ${files.markdown.name}` }),
  ).toBeVisible();
  const chatId = page.url().split('/chats/')[1];
  const chat = await getChat(app.url, chatId);
  expect(chat.messages.at(-1)!.sources.every((s) => s.documentName === files.markdown.name)).toBe(
    true,
  );
  await shot('answered-from-one');

  // Back to all documents, stored on the chat.
  await page.getByRole('button', { name: `Documents: ${files.markdown.name}` }).click();
  await page.getByRole('menuitemcheckbox', { name: 'All documents' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Documents: All documents' })).toBeVisible();
  await expect
    .poll(async () => ((await getChat(app.url, chatId)) as { documentIds?: string[] }).documentIds)
    .toEqual([]);
});
