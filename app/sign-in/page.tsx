import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { isSignedIn } from '@/lib/access/request';

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string }>;
}) {
  const { next } = await searchParams;
  // Only a path on this site: never send someone on to another origin after signing in.
  const destination = next?.startsWith('/') && !next.startsWith('//') ? next : '/';
  if (await isSignedIn()) redirect(destination);
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <SignInForm destination={destination} />
    </main>
  );
}
