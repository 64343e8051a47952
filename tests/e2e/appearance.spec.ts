import { type App, expect, files, screenshots, startApp, test } from './support/fixtures';

let app: App;
test.beforeAll(async () => {
  app = await startApp({ documents: [files.markdown] });
});
test.afterAll(() => app?.stop());

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} system setting`, () => {
    test.use({ colorScheme });

    test(`the app follows it`, async ({ page }, testInfo) => {
      const shot = screenshots(page, testInfo);
      app.model.answer({
        answer:
          'Tomatoes need **six to eight hours** of direct sun [1].\n\n- Water deeply twice a week [1]\n- Grow basil beside them [1]',
      });
      await page.goto(app.url);
      await page.getByLabel('Question').fill('How much sun do tomatoes need?');
      await page.getByLabel('Question').press('Enter');
      const reply = page.getByRole('article', { name: 'Answer' });
      await expect(reply).toHaveAttribute('data-status', 'complete');
      await reply.locator('[data-citation="1"]').first().click();
      await expect(page.getByRole('complementary', { name: 'Sources' })).toBeVisible();
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe(colorScheme === 'dark' ? 'rgb(12, 12, 14)' : 'rgb(255, 255, 255)');
      await shot(`chat-${colorScheme}`);
      await reply.getByRole('button', { name: 'About this answer' }).click();
      const info = page.getByRole('dialog', { name: 'About this answer' });
      await expect(info).toContainText('stub-model');
      await expect(info).toContainText('Total time');
      await shot(`answer-info-${colorScheme}`);
    });
  });
}
