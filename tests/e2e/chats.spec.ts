import { createChat } from '../support/api';
import { type App, expect, screenshots, startApp, test } from './support/fixtures';

let app: App;
test.beforeAll(async () => {
  app = await startApp();
});
test.afterAll(() => app?.stop());

test('chats: most recent first, rename, delete with confirmation, empty state', async ({
  page,
}, testInfo) => {
  const shot = screenshots(page, testInfo);
  await createChat(app.url, { title: 'Older chat' });
  const newer = await createChat(app.url, { title: 'Newer chat' });
  await page.goto(`${app.url}/chats/${newer.id}`);
  const chats = page.getByRole('navigation', { name: 'Chats' }).getByRole('link');
  await expect(chats).toHaveText(['Newer chat', 'Older chat']);
  await expect(chats.first()).toHaveAttribute('aria-current', 'page');
  await shot('two-chats');

  // Rename by keyboard: the options menu, Rename, type, Enter.
  await page.getByRole('button', { name: 'Options for Older chat' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'Rename' }).press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Rename chat' });
  await expect(dialog.getByLabel('Title')).toBeFocused();
  await shot('rename-dialog');
  await page.keyboard.type('Orchard questions');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  // Focus goes back to the question box, not to the menu that opened the dialog.
  await expect(page.getByRole('textbox', { name: 'Question' })).toBeFocused();
  // A renamed chat has just been used: it moves to the top.
  await expect(chats).toHaveText(['Orchard questions', 'Newer chat']);
  await shot('renamed');

  // Deleting the open chat asks first, then goes home.
  await page.getByRole('button', { name: 'Options for Newer chat' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete “Newer chat”?' });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shot('confirm-delete');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(chats).toHaveCount(2);
  await expect(page.getByRole('textbox', { name: 'Question' })).toBeFocused();
  await page.getByRole('button', { name: 'Options for Newer chat' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await confirm.getByRole('button', { name: 'Delete chat' }).click();
  await page.waitForURL(`${app.url}/`);
  await expect(chats).toHaveText(['Orchard questions']);

  await page.getByRole('button', { name: 'Options for Orchard questions' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await confirm
    .or(page.getByRole('alertdialog'))
    .getByRole('button', { name: 'Delete chat' })
    .click();
  await expect(page.getByText('No chats yet. Ask a question to start one.')).toBeVisible();
  // Its row went with the dialog: focus goes to the question box, not to the page.
  await expect(page.getByRole('textbox', { name: 'Question' })).toBeFocused();
  await shot('no-chats');
});
