import { KeysManager } from '@/components/accounts/keys-manager';
import { PageHeader } from '@/components/app-shell';

export default function APIkeysPage() {
  return (
    <>
      <PageHeader>
        <h1 className="min-w-0 flex-1 truncate font-medium">API keys</h1>
      </PageHeader>
      <KeysManager />
    </>
  );
}
