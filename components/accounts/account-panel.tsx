'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { buttonStyles } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { send } from './fields';

/** The person signed in, as the sidebar shows them (FOLIO_AUTH=accounts). */
export interface SignedInPerson {
  name: string;
  email: string;
  role: 'admin' | 'member' | 'pending';
}

/** At the foot of the sidebar: who is signed in, their settings' pages, and signing out. */
export function AccountPanel({ person }: { person: SignedInPerson }) {
  const router = useRouter();
  const pathname = usePathname();
  const pages = [
    { href: '/collections', label: 'Collections' },
    { href: '/keys', label: 'API keys' },
    ...(person.role === 'admin' ? [{ href: '/people', label: 'People' }] : []),
  ];
  async function signOut() {
    await send('POST', '/api/auth/sign-out', {});
    router.replace('/sign-in');
    router.refresh();
  }
  return (
    <div className="space-y-2 border-t px-3 py-3">
      <div className="min-w-0 text-sm">
        <p className="truncate font-medium">{person.name}</p>
        <p className="truncate text-xs text-muted-foreground">
          {person.email}
          {person.role === 'admin' && ' · admin'}
        </p>
      </div>
      <nav aria-label="Account" className="flex flex-wrap gap-1">
        {pages.map((page) => (
          <Link
            key={page.href}
            href={page.href}
            aria-current={pathname === page.href ? 'page' : undefined}
            className={cn(
              buttonStyles('ghost', undefined, 'sm'),
              pathname === page.href && 'bg-muted',
            )}
          >
            {page.label}
          </Link>
        ))}
        <button type="button" className={buttonStyles('ghost', undefined, 'sm')} onClick={signOut}>
          Sign out
        </button>
      </nav>
    </div>
  );
}
