import { NewChat } from '@/components/chat/new-chat';
import { countReadyDocuments } from '@/db/queries';

export default function Home() {
  return <NewChat hasDocuments={countReadyDocuments() > 0} />;
}
