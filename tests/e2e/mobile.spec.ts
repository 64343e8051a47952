import { devices } from '@playwright/test';
import { type App, expect, files, screenshots, startApp, test } from './support/fixtures';

let app: App;
test.beforeAll(async () => {
  app = await startApp();
});
test.afterAll(() => app?.stop());

test.use({
  viewport: { width: 390, height: 844 },
  hasTouch: true,
  isMobile: devices['iPhone 13'].isMobile,
});

test('at 390 px: the sidebar and the sources panel are sheets; upload, ask, cite, open the PDF', async ({
  page,
}, testInfo) => {
  const shot = screenshots(page, testInfo);
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Start by adding a document' })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Chats and documents' })).toBeHidden();
  await shot('empty');

  await page.getByRole('button', { name: 'Open chats and documents' }).click();
  const sidebar = page.getByRole('dialog', { name: 'Chats and documents' });
  await expect(sidebar.getByText('No chats yet')).toBeVisible();
  await sidebar.getByLabel('Upload documents').setInputFiles([files.pdf, files.markdown]);
  const library = sidebar.getByRole('list', { name: 'Document library' });
  await expect(library.getByRole('listitem').filter({ hasText: files.pdf.name })).toContainText(
    '3 pages ·',
    { timeout: 20_000 },
  );
  await expect(
    library.getByRole('listitem').filter({ hasText: files.markdown.name }),
  ).toContainText('1 page ·', { timeout: 20_000 });
  await shot('sidebar-sheet');
  await sidebar.getByRole('button', { name: 'Close' }).click();
  await expect(sidebar).toBeHidden();

  app.model.answer({ answer: 'Loamy soil with a pH between six and seven [1].', delayMs: 20 });
  await page.getByLabel('Question').fill('What soil suits apple trees?');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForURL(/\/chats\//);
  const reply = page.getByRole('article', { name: 'Answer' });
  await expect(reply).toHaveAttribute('data-status', 'complete');
  await shot('answered');

  await reply.locator('[data-citation="1"]').click();
  const sources = page.getByRole('dialog', { name: 'Sources' });
  await expect(sources.locator('article[aria-current="true"]')).toContainText(files.pdf.name);
  const box = await sources.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(390);
  await shot('sources-sheet');

  await sources
    .getByRole('button', { name: /^Open at/ })
    .first()
    .click();
  const viewer = page.getByRole('dialog', { name: new RegExp(files.pdf.name) });
  await expect(viewer.locator('.textLayer .passage').first()).toBeVisible();
  await shot('pdf-at-passage');
  await viewer.getByRole('button', { name: 'Close' }).click();
  await expect(viewer).toBeHidden();

  // The chat is in the sheet's list now.
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Open chats and documents' }).click();
  await expect(sidebar.getByRole('link', { name: 'What soil suits apple trees?' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await shot('sidebar-with-chat');
});
