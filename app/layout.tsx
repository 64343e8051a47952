import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import type { LibraryDocument } from '@/components/documents/types';
import { storage } from '@/db';
import { ownChatIds, readableDocuments, readOnlyDocuments } from '@/lib/access/authorize';
import { currentActor, isSignedIn } from '@/lib/access/request';
import './globals.css';

export const metadata: Metadata = {
  title: 'Folio',
  description: 'Ask questions of your own documents',
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#0c0c0e' },
  ],
};

// Every page reads the database; nothing is prerendered at build time.
export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Signed out, the only page the proxy lets through is sign-in: show it without the library.
  if (!(await isSignedIn())) {
    return (
      <html lang="en">
        <body className="antialiased">{children}</body>
      </html>
    );
  }
  const actor = (await currentActor())!;
  const [chatList, documentList, own, readable, readOnly] = await Promise.all([
    storage().chats.list(),
    storage().documents.list(),
    ownChatIds(actor),
    readableDocuments(actor),
    readOnlyDocuments(actor),
  ]);
  const chats = chatList
    .filter((chat) => own === 'all' || own.has(chat.id))
    .map(({ id, title }) => ({ id, title }));
  const mayRead = readable === 'all' ? undefined : new Set(readable);
  // Only what the library shows goes to the browser.
  const documents = documentList
    .filter((doc) => !mayRead || mayRead.has(doc.id))
    .map(
      (doc): LibraryDocument => ({
        id: doc.id,
        name: doc.name,
        mediaType: doc.mediaType,
        size: doc.size,
        pages: doc.pages,
        pagesOcr: doc.pagesOcr,
        pagesUnreadable: doc.pagesUnreadable,
        pagesDone: doc.pagesDone,
        chunks: doc.chunks,
        status: doc.status,
        stage: doc.stage,
        error: doc.error,
        ...(readOnly.has(doc.id) && { readOnly: true }),
      }),
    );
  const person = actor.kind === 'person' ? await storage().people.get(actor.id) : undefined;
  return (
    <html lang="en">
      <body className="antialiased">
        <AppShell
          chats={chats}
          documents={documents}
          person={person && { name: person.name, email: person.email, role: person.role }}
        >
          {children}
        </AppShell>
      </body>
    </html>
  );
}
