import {
  type App,
  expect,
  files,
  libraryRow as row,
  screenshots,
  startApp,
  test,
} from './support/fixtures';

let app: App;
test.beforeAll(async () => {
  app = await startApp();
});
test.afterAll(() => app?.stop());

test('upload a PDF and a Markdown file, drop a third, see progress, ready, a failure inline, and delete with confirmation', async ({
  page,
}, testInfo) => {
  const shot = screenshots(page, testInfo);
  await page.goto(app.url);
  await expect(page.getByText('No documents yet').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Start by adding a document' })).toBeVisible();
  await expect(page.getByText('No chats yet')).toBeVisible();
  await shot('empty');

  // Hold each upload's answer back a moment, so its progress bar can be seen.
  await page.route('**/api/documents', async (route) => {
    if (route.request().method() === 'POST') await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.getByLabel('Upload documents').first().setInputFiles([files.pdf, files.markdown]);
  await expect(
    page.getByRole('progressbar', { name: `Uploading ${files.pdf.name}` }),
  ).toBeVisible();
  await expect(
    page.getByRole('progressbar', { name: `Uploading ${files.markdown.name}` }),
  ).toBeVisible();
  await shot('uploading');

  await expect(row(page, files.pdf.name)).toContainText('3 pages ·', { timeout: 20_000 });
  await expect(row(page, files.pdf.name)).toContainText(/\d+ passages?/);
  await expect(row(page, files.markdown.name)).toContainText(/1 page · \d+ passages?/);
  await expect(page.getByRole('heading', { name: 'What would you like to know?' })).toBeVisible();
  await shot('both-ready');

  // Drag and drop a file onto the library.
  const library = page.getByRole('region', { name: 'Documents' });
  const dropped = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(
      new File(['Pears ripen off the tree and keep for weeks in a cool cellar.'], 'pears.txt', {
        type: 'text/plain',
      }),
    );
    return transfer;
  });
  await library.dispatchEvent('dragenter', { dataTransfer: dropped });
  await library.dispatchEvent('dragover', { dataTransfer: dropped });
  await expect(page.getByText('Drop files to upload')).toBeVisible();
  await shot('dragging');
  await library.dispatchEvent('drop', { dataTransfer: dropped });
  await expect(row(page, 'pears.txt')).toContainText(/1 page · 1 passage/, { timeout: 20_000 });

  // A file that cannot be read says why, in its row.
  await page
    .getByLabel('Upload documents')
    .first()
    .setInputFiles({
      name: 'broken.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\nthis is not really a pdf'),
    });
  await expect(row(page, 'broken.pdf')).toHaveAttribute('data-status', 'failed', {
    timeout: 20_000,
  });
  const { documents } = (await (await fetch(`${app.url}/api/documents`)).json()) as {
    documents: Array<{ name: string; error: string | null }>;
  };
  const why = documents.find((d) => d.name === 'broken.pdf')!.error!;
  expect(why).toBeTruthy();
  await expect(row(page, 'broken.pdf')).toContainText(why);
  await shot('failed-inline');

  // Deleting asks first; Cancel keeps the document, and focus goes back to its Delete button.
  const libraryList = page.getByRole('list', { name: 'Document library' });
  const deleteButtons = libraryList.getByRole('button', { name: /^Delete / });
  const deleteButton = (label: string) =>
    libraryList.getByRole('button', { name: label, exact: true });
  const deletePears = deleteButton('Delete pears.txt');
  await deletePears.click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete “pears.txt”?' });
  await expect(confirm).toBeVisible();
  await shot('confirm-delete');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(row(page, 'pears.txt')).toBeVisible();
  await expect(deletePears).toBeFocused();

  // Deleted by keyboard: focus goes to the next document's Delete button, never to the page.
  const labels = await deleteButtons.evaluateAll((buttons) =>
    buttons.map((b) => b.getAttribute('aria-label')!),
  );
  const next = labels[labels.indexOf('Delete pears.txt') + 1];
  expect(next).toBeTruthy();
  await page.keyboard.press('Enter');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(confirm.getByRole('button', { name: 'Delete document' })).toBeFocused();
  await page.keyboard.press('Enter');
  // The dialog closes once the document is gone; while it is open it hides the library from
  // the accessibility tree, so the row could not be looked for until then.
  await expect(confirm).toBeHidden();
  await expect(row(page, 'pears.txt')).toHaveCount(0);
  await expect(deleteButton(next)).toBeFocused();
  await shot('deleted-focus-on-next');
  await page.reload();
  await expect(row(page, 'pears.txt')).toHaveCount(0);
  await expect(row(page, files.pdf.name)).toBeVisible();
  await shot('deleted');

  // The last row gives focus to the one before it; the library's last document, to Upload.
  let remaining = await deleteButtons.evaluateAll((buttons) =>
    buttons.map((b) => b.getAttribute('aria-label')!),
  );
  expect(remaining.length).toBeGreaterThan(1);
  while (remaining.length > 0) {
    const last = remaining.at(-1)!;
    await deleteButton(last).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete document' }).click();
    await expect(page.getByRole('alertdialog')).toBeHidden();
    remaining = remaining.slice(0, -1);
    await expect(
      remaining.length > 0
        ? deleteButton(remaining.at(-1)!)
        : page
            .getByRole('region', { name: 'Documents' })
            .getByRole('button', { name: 'Upload', exact: true }),
    ).toBeFocused();
  }
  await expect(page.getByText('No documents yet').first()).toBeVisible();
  await shot('emptied-focus-on-upload');
});
