import { redirect } from 'next/navigation';
import { AccountSignInForm } from '@/components/accounts/account-sign-in-form';
import { SignInForm } from '@/components/auth/sign-in-form';
import { signInDestination } from '@/lib/access/destination';
import { currentActor, isSignedIn } from '@/lib/access/request';
import { signInErrorMessage } from '@/lib/access/sign-in-errors';
import { getConfig } from '@/lib/config';

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[]; error?: string | string[] }>;
}) {
  const { next, error } = await searchParams;
  const destination = signInDestination(next);
  if (await isSignedIn()) redirect(destination);
  const { accounts } = getConfig();
  const actor = await currentActor();
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      {accounts ? (
        <AccountSignInForm
          destination={destination}
          oidcName={accounts.oidc?.name}
          notice={
            actor?.kind === 'person' && actor.role === 'pending'
              ? 'You are signed up: an admin has yet to approve your account.'
              : signInErrorMessage(error)
          }
        />
      ) : (
        <SignInForm destination={destination} />
      )}
    </main>
  );
}
