import { type App, ask, expect, screenshots, startApp, test } from './support/fixtures';

/** What an attacker would put in a document or get a model to say. */
const payloads = [
  '<script>window.pwned = "script"</script>',
  '<img src="/pwned.png" onerror="window.pwned = \'img\'">',
  '[a tempting link](javascript:window.pwned="link")',
  '<b>raw bold</b> <iframe src="https://evil.example/"></iframe>',
  '![tracker](https://evil.example/pixel.png)',
];

const document = `# Hostile notes\n\nThe vault code is kept in the blue ledger.\n\n${payloads.join('\n\n')}\n`;

let app: App;
test.beforeAll(async () => {
  app = await startApp({
    documents: [{ name: 'hostile.md', mimeType: 'text/markdown', buffer: Buffer.from(document) }],
  });
});
test.afterAll(() => app?.stop());

test('a document and an answer carrying scripts, handlers, javascript: links and raw HTML stay inert text', async ({
  page,
}, testInfo) => {
  const shot = screenshots(page, testInfo);
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const strayRequests: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== new URL(app.url).origin || url.pathname.includes('pwned')) {
      strayRequests.push(request.url());
    }
  });

  const response = await page.goto(app.url);
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);

  app.model.answer({ answer: `The code is in the blue ledger [1].\n\n${payloads.join('\n\n')}` });
  await ask(page, 'Where is the vault code kept?');
  const reply = page.getByRole('article', { name: 'Answer' });
  await expect(reply).toHaveAttribute('data-status', 'complete');
  const answer = reply.locator('[data-answer-text]');
  // Raw HTML shows as the text it is.
  await expect(answer).toContainText('<b>raw bold</b>');
  await expect(answer).toContainText('<script>window.pwned = "script"</script>');
  await expect(answer.locator('script, img, iframe, b')).toHaveCount(0);
  await expect(answer.locator('a[href^="javascript:"]')).toHaveCount(0);
  await expect(answer.getByText('a tempting link')).toBeVisible();
  await shot('answer');

  // The passage, in the sources panel and in the document viewer, is text too.
  await reply.locator('[data-citation="1"]').first().click();
  const panel = page.getByRole('complementary', { name: 'Sources' });
  await expect(panel.getByText('<script>window.pwned = "script"</script>').first()).toBeVisible();
  await expect(panel.locator('script, img, iframe')).toHaveCount(0);
  await shot('sources');

  // After a reload the stored answer is rendered on the server: still inert.
  await page.reload();
  await expect(page.locator('[data-answer-text]').first()).toContainText('<b>raw bold</b>');
  await page.waitForTimeout(300);
  await shot('reloaded');

  expect(
    await page.evaluate(() => (window as unknown as { pwned?: string }).pwned),
  ).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(strayRequests).toEqual([]);
});
