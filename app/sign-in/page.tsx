import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { signInDestination } from '@/lib/access/destination';
import { isSignedIn } from '@/lib/access/request';

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const destination = signInDestination((await searchParams).next);
  if (await isSignedIn()) redirect(destination);
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <SignInForm destination={destination} />
    </main>
  );
}
