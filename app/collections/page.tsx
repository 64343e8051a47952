import { CollectionsManager } from '@/components/accounts/collections-manager';
import { PageHeader } from '@/components/app-shell';

export default function CollectionsPage() {
  return (
    <>
      <PageHeader>
        <h1 className="min-w-0 flex-1 truncate font-medium">Collections</h1>
      </PageHeader>
      <CollectionsManager />
    </>
  );
}
