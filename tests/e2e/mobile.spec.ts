import { devices, type Page } from '@playwright/test';
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
  await expect(page.getByRole('button', { name: 'Open chats and documents' })).toBeFocused();

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
  const passage = viewer.locator('.textLayer .passage').first();
  await expect(passage).toBeVisible();
  await shot('pdf-at-passage');

  // Two fingers moving apart on the page zoom it in; the passage stays marked and in view.
  const pdfPage = viewer.getByTestId('pdf-page');
  const fitted = (await pdfPage.boundingBox())!;
  await pinch(page, { x: 195, y: 450 }, { from: 60, to: 150 });
  await expect(viewer.getByLabel('Zoom', { exact: true })).toHaveText('250%');
  await expect
    .poll(async () => (await pdfPage.boundingBox())!.width)
    .toBeGreaterThan(fitted.width * 2);
  await expect(passage).toBeInViewport();
  await shot('pdf-pinched');
  // And pinching in zooms back out.
  await pinch(page, { x: 195, y: 450 }, { from: 150, to: 60 });
  await expect(viewer.getByLabel('Zoom', { exact: true })).toHaveText('100%');
  await expect(passage).toBeInViewport();

  await viewer.getByRole('button', { name: 'Close' }).click();
  await expect(viewer).toBeHidden();
  // The sources sheet is still open: focus goes back to what opened the passage in it.
  await expect(sources.getByRole('button', { name: /^Open at/ }).first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(sources).toBeHidden();
  await expect(page.getByLabel('Question')).toBeFocused();

  // The chat is in the sheet's list now.
  await page.getByRole('button', { name: 'Open chats and documents' }).click();
  await expect(sidebar.getByRole('link', { name: 'What soil suits apple trees?' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await shot('sidebar-with-chat');
});

/**
 * A two-finger pinch as a touch screen reports it, through Chromium's own input pipeline: two
 * touch points `from` px apart around `at`, moving in steps until they are `to` px apart.
 */
async function pinch(
  page: Page,
  at: { x: number; y: number },
  { from, to, steps = 12 }: { from: number; to: number; steps?: number },
) {
  const cdp = await page.context().newCDPSession(page);
  const fingers = (apart: number) => [
    { id: 0, x: at.x - apart / 2, y: at.y },
    { id: 1, x: at.x + apart / 2, y: at.y },
  ];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(from) });
  for (let step = 1; step <= steps; step++) {
    await cdp.send('Input.dispatchTouchEvent', {
      type: 'touchMove',
      touchPoints: fingers(from + ((to - from) * step) / steps),
    });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}
