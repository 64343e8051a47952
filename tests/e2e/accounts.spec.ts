import type { Browser, Page } from '@playwright/test';
import { accountsEnv } from '../support/accounts';
import { type FolioServer, startFolio } from '../support/server';
import { expect, files, libraryRow, screenshots, test } from './support/fixtures';

/**
 * Accounts in Chromium (FOLIO_AUTH=accounts, the built-in model): the first person to sign up
 * is admin, invites a member and shares a collection with them as viewer; the member asks and
 * sees cited sources, cannot delete the collection's documents, shares the chat by a link and
 * revokes it, and makes and revokes an API key.
 */
let folio: FolioServer;
test.beforeAll(async () => {
  folio = await startFolio({ env: accountsEnv });
});
test.afterAll(() => folio?.stop());

async function signUpIn(page: Page, name: string, email: string) {
  await page.getByLabel('Name').fill(name);
  if (await page.getByLabel('Email').isEditable()) await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(`${email} password`);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('navigation', { name: 'Account' })).toBeVisible();
}

async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

test('an admin invites a member and shares a collection; the member asks, shares a chat by link and makes an API key', async ({
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const admin = await newPage(browser);
  const shotAdmin = screenshots(admin, testInfo);

  // The first person signs up and is admin.
  await admin.goto(folio.url);
  await expect(admin).toHaveURL(/\/sign-in/);
  await shotAdmin('sign-in');
  await admin.getByRole('link', { name: 'Sign up' }).click();
  await signUpIn(admin, 'Ada Admin', 'ada@example.com');
  await expect(admin.getByText('ada@example.com · admin')).toBeVisible();

  // She invites a member: the link is shown once.
  await admin.getByRole('link', { name: 'People' }).click();
  await admin.getByLabel('Email').fill('mo@example.com');
  await admin.getByRole('button', { name: 'Invite' }).click();
  const invitation = await admin.getByLabel('Invitation link').inputValue();
  expect(invitation).toContain('/sign-up?invitation=');
  await shotAdmin('invited');

  // The member signs up through the link.
  const member = await newPage(browser);
  const shotMember = screenshots(member, testInfo);
  await member.goto(invitation);
  await expect(member.getByText('You were invited')).toBeVisible();
  await shotMember('sign-up-invited');
  await signUpIn(member, 'Mo Member', 'mo@example.com');
  await expect(member.getByText('mo@example.com', { exact: true })).toBeVisible();

  // The admin makes a collection, adds a document and shares it with the member as viewer.
  await admin.getByRole('link', { name: 'Collections' }).click();
  await admin.getByLabel('Name').fill('Garden team');
  await admin.getByRole('button', { name: 'Create' }).click();
  const team = admin.getByRole('region', { name: 'Garden team' });
  await team.getByLabel('Add documents to Garden team').setInputFiles(files.markdown);
  await expect(team).toContainText('1 document');
  await expect(libraryRow(admin, 'garden.md')).toBeVisible();
  await team.getByLabel('Add someone by email').fill('mo@example.com');
  await team.getByLabel('Role').selectOption('viewer');
  await team.getByRole('button', { name: 'Share' }).click();
  await expect(team.getByRole('listitem').filter({ hasText: 'mo@example.com' })).toContainText(
    'viewer',
  );
  await shotAdmin('collection-shared');
  // Mo's personal library, which an admin may read, is shown as Mo's, not as hers.
  const mos = admin.getByRole('region', { name: 'Mo Member’s library' });
  await expect(mos).toContainText('Mo Member owns it; as an admin you may read it');
  await expect(mos).not.toContainText('you are its owner');
  await expect(admin.getByRole('region', { name: 'Personal library', exact: true })).toContainText(
    'you are its owner',
  );

  // The member sees the team's document, without a delete button, and asks about it.
  await member.goto(folio.url);
  const row = libraryRow(member, 'garden.md');
  await expect(row).toContainText(/passage/);
  await expect(row.getByRole('button', { name: 'Delete garden.md' })).toHaveCount(0);
  await member.getByLabel('Question').fill('How much sun do tomatoes need?');
  await member.getByLabel('Question').press('Enter');
  const reply = member.getByRole('article', { name: 'Answer' });
  await expect(reply).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  await expect(reply.locator('[data-answer-text]')).toContainText('six to eight hours');
  await reply.getByRole('button', { name: /1 cited/ }).click();
  const sources = member.getByRole('complementary', { name: 'Sources' });
  await expect(sources).toContainText('garden.md');
  await expect(sources).toContainText('Tomatoes need six to eight hours');
  await shotMember('answer-with-sources');
  await member.keyboard.press('Escape');
  // Deleting the collection's document is refused by the server too.
  const deleted = await member.evaluate(
    async (id) => {
      const res = await fetch(`/api/documents/${id}`, { method: 'DELETE' });
      return res.status;
    },
    await documentId(member, 'garden.md'),
  );
  expect(deleted).toBe(403);

  // The member shares the chat by a link; a visitor opens it, sees the answer and a passage.
  await member.getByRole('button', { name: 'Share' }).click();
  await member.getByRole('button', { name: 'Create link' }).click();
  const shareLink = await member.getByLabel('Link to this chat').inputValue();
  await shotMember('share-dialog');
  await member.keyboard.press('Escape');
  await expect(member.getByRole('button', { name: 'Share' })).toBeFocused();
  const visitor = await newPage(browser);
  const shotVisitor = screenshots(visitor, testInfo);
  await visitor.goto(shareLink);
  await expect(visitor.getByText('Shared from Folio · read-only')).toBeVisible();
  await expect(visitor.locator('[data-answer-text]')).toContainText('six to eight hours');
  // A citation chip opens the passage it cites.
  await visitor.getByRole('button', { name: /^Source 1: garden\.md/ }).click();
  await expect(visitor.locator('blockquote').first()).toBeVisible();
  await expect(visitor.locator('blockquote').first()).toContainText('Tomatoes need six');
  await expect(visitor.getByLabel('Question')).toHaveCount(0);
  await shotVisitor('shared-chat');

  // Revoked, the link opens nothing.
  await member.getByRole('button', { name: 'Share' }).click();
  await member.getByRole('button', { name: 'Revoke link' }).click();
  await expect(member.getByRole('button', { name: 'Create link' })).toBeVisible();
  await member.keyboard.press('Escape');
  const gone = await visitor.goto(shareLink);
  expect(gone?.status()).toBe(404);
  await shotVisitor('shared-chat-revoked');

  // The member makes an API key, shown once; a script uses it; revoked, it stops working.
  await member.getByRole('link', { name: 'API keys' }).click();
  await member.getByLabel('Name').fill('Nightly import');
  await member.getByRole('button', { name: 'Create key' }).click();
  const key = await member.getByLabel('Your new API key').inputValue();
  expect(key).toMatch(/^folio_/);
  await expect(member.getByRole('listitem').filter({ hasText: 'Nightly import' })).toBeVisible();
  await shotMember('api-key-made');
  const byKey = () =>
    fetch(`${folio.url}/api/chats`, { headers: { authorization: `Bearer ${key}` } });
  const chats = (await (await byKey()).json()) as { chats: unknown[] };
  expect(chats.chats).toHaveLength(1);
  await member
    .getByRole('listitem')
    .filter({ hasText: 'Nightly import' })
    .getByRole('button', { name: 'Revoke' })
    .click();
  await expect(member.getByText('You have no API keys.')).toBeVisible();
  await expect(member.getByLabel('Name')).toBeFocused();
  expect((await byKey()).status).toBe(401);
  await shotMember('api-key-revoked');

  // Signing out ends the session on the server: the old cookie opens nothing.
  const cookies = await member.context().cookies();
  await member.getByRole('button', { name: 'Sign out' }).click();
  await expect(member).toHaveURL(/\/sign-in/);
  const session = cookies.find((c) => c.name.endsWith('folio.session_token'))!;
  const replayed = await fetch(`${folio.url}/api/chats`, {
    headers: { cookie: `${session.name}=${session.value}` },
  });
  expect(replayed.status).toBe(401);
});

/** A document's id, as the library's API lists it for this page's person. */
async function documentId(page: Page, name: string): Promise<string> {
  return page.evaluate(async (wanted) => {
    const res = await fetch('/api/documents');
    const { documents } = (await res.json()) as { documents: Array<{ id: string; name: string }> };
    return documents.find((d) => d.name === wanted)!.id;
  }, name);
}
