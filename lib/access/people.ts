/** Looking after people (admins, FOLIO_AUTH=accounts). */
import { type Person, type PersonRole, storage } from '@/db';
import { removeDocument } from '@/lib/documents/ingest';
import { HttpError } from '@/lib/http';

/**
 * Refuses (409) when `person` is the only admin: with none left, nobody could approve or
 * look after people, and the next person to sign up would be made admin.
 */
async function keepAnAdmin(person: Person) {
  if (person.role !== 'admin') return;
  const admins = (await storage().people.list()).filter((p) => p.role === 'admin');
  if (admins.length <= 1) {
    throw new HttpError(409, 'Folio needs at least one admin: make someone else admin first.');
  }
}

/** Gives a person a role; undefined when there is no such person. */
export async function setRole(id: string, role: PersonRole): Promise<Person | undefined> {
  const person = await storage().people.get(id);
  if (!person) return undefined;
  if (role !== 'admin') await keepAnAdmin(person);
  return storage().people.setRole(id, role);
}

/**
 * Removes a person with what is theirs alone: their chats and their personal library's
 * documents. Their sessions and API keys go with their account; shared collections stay.
 */
export async function removePerson(id: string): Promise<boolean> {
  const { people, chatOwners, chats, collections } = storage();
  const person = await people.get(id);
  if (!person) return false;
  await keepAnAdmin(person);
  for (const chatId of await chatOwners.chatIds(id)) await chats.remove(chatId);
  const personal = await collections.personal(id);
  if (personal) {
    for (const documentId of await collections.documentIds([personal.id])) {
      await removeDocument(documentId);
    }
  }
  return people.remove(id);
}
