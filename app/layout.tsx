import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Sidebar } from '@/components/sidebar';
import { listChats, listDocuments } from '@/db/queries';
import './globals.css';

export const metadata: Metadata = {
  title: 'Folio',
  description: 'Ask questions of your own documents',
};

// Every page reads the database; nothing is prerendered at build time.
export const dynamic = 'force-dynamic';

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="flex h-dvh bg-white text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <Sidebar chats={listChats()} documents={listDocuments()} />
        <main className="flex min-w-0 flex-1 flex-col">{children}</main>
      </body>
    </html>
  );
}
