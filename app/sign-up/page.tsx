import { redirect } from 'next/navigation';
import { SignUpForm } from '@/components/accounts/sign-up-form';
import { isSignedIn } from '@/lib/access/request';

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ invitation?: string; email?: string }>;
}) {
  if (await isSignedIn()) redirect('/');
  const { invitation, email } = await searchParams;
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <SignUpForm
        invitation={typeof invitation === 'string' ? invitation : undefined}
        email={typeof email === 'string' ? email : undefined}
      />
    </main>
  );
}
