/** Looking after people (admins, FOLIO_AUTH=accounts). */
import { storage } from '@/db';
import { removeDocument } from '@/lib/documents/ingest';

/**
 * Removes a person with what is theirs alone: their chats and their personal library's
 * documents. Their sessions and API keys go with their account; shared collections stay.
 */
export async function removePerson(id: string): Promise<boolean> {
  const { people, chatOwners, chats, collections } = storage();
  if (!(await people.get(id))) return false;
  for (const chatId of await chatOwners.chatIds(id)) await chats.remove(chatId);
  const personal = await collections.personal(id);
  if (personal) {
    for (const documentId of await collections.documentIds([personal.id])) {
      await removeDocument(documentId);
    }
  }
  return people.remove(id);
}
