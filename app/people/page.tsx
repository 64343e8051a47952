import { PeopleManager } from '@/components/accounts/people-manager';
import { PageHeader } from '@/components/app-shell';

export default function PeoplePage() {
  return (
    <>
      <PageHeader>
        <h1 className="min-w-0 flex-1 truncate font-medium">People</h1>
      </PageHeader>
      <PeopleManager />
    </>
  );
}
