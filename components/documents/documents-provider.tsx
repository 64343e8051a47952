'use client';

import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import type { LibraryDocument, PendingUpload } from './types';
import { uploadFile } from './upload';

/** How often the library asks for news while a document is being processed. */
const pollMs = 1000;
/** Files uploaded at the same time; the rest wait their turn. */
const parallelUploads = 3;

interface DocumentsState {
  documents: LibraryDocument[];
  uploads: PendingUpload[];
  upload: (files: Iterable<File>) => void;
  dismissUpload: (key: string) => void;
  remove: (id: string) => Promise<void>;
}

const DocumentsContext = createContext<DocumentsState | null>(null);

export function useDocuments(): DocumentsState {
  const state = useContext(DocumentsContext);
  if (!state) throw new Error('useDocuments must be used inside <DocumentsProvider>');
  return state;
}

/** Newest first, each document once: a re-uploaded file comes back as the same document. */
function merge(current: LibraryDocument[], added: LibraryDocument[]): LibraryDocument[] {
  const ids = new Set(added.map((d) => d.id));
  return [...added, ...current.filter((d) => !ids.has(d.id))];
}

/** The document library shared by the sidebar, the chat's document picker and the home page. */
export function DocumentsProvider({
  initialDocuments,
  children,
}: {
  initialDocuments: LibraryDocument[];
  children: ReactNode;
}) {
  const [documents, setDocuments] = useState(initialDocuments);
  const [uploads, setUploads] = useState<PendingUpload[]>([]);
  // A server render (a collection's upload, a membership changed) brings the list too.
  useEffect(() => setDocuments(initialDocuments), [initialDocuments]);

  const processing = documents.some((d) => d.status === 'processing');
  useEffect(() => {
    if (!processing) return;
    const timer = setInterval(async () => {
      const res = await fetch('/api/documents').catch(() => undefined);
      if (res?.ok) setDocuments(((await res.json()) as { documents: LibraryDocument[] }).documents);
    }, pollMs);
    return () => clearInterval(timer);
  }, [processing]);

  const patchUpload = useCallback((key: string, change: Partial<PendingUpload> | null) => {
    setUploads((list) =>
      change === null
        ? list.filter((u) => u.key !== key)
        : list.map((u) => (u.key === key ? { ...u, ...change } : u)),
    );
  }, []);

  const upload = useCallback(
    (files: Iterable<File>) => {
      const queue = [...files].map((file) => ({
        file,
        key: `${file.name}-${file.size}-${crypto.randomUUID()}`,
      }));
      setUploads((list) => [
        ...queue.map(({ file, key }) => ({ key, name: file.name, size: file.size, progress: 0 })),
        ...list,
      ]);
      const next = async (): Promise<void> => {
        const item = queue.shift();
        if (!item) return;
        try {
          const results = await uploadFile(item.file, (progress) =>
            patchUpload(item.key, { progress }),
          );
          const stored = results.filter((r): r is LibraryDocument => 'id' in r);
          const refused = results.find((r) => !('id' in r));
          setDocuments((list) => merge(list, stored));
          patchUpload(item.key, refused ? { error: refused.error ?? 'Refused.' } : null);
        } catch (error) {
          patchUpload(item.key, { error: (error as Error).message });
        }
        return next();
      };
      for (let i = 0; i < parallelUploads; i++) void next();
    },
    [patchUpload],
  );

  const remove = useCallback(async (id: string) => {
    const res = await fetch(`/api/documents/${id}`, { method: 'DELETE' });
    if (!res.ok && res.status !== 404)
      throw new Error(((await res.json()) as { error: string }).error);
    setDocuments((list) => list.filter((d) => d.id !== id));
  }, []);

  const value = useMemo(
    () => ({
      documents,
      uploads,
      upload,
      remove,
      dismissUpload: (key: string) => patchUpload(key, null),
    }),
    [documents, uploads, upload, remove, patchUpload],
  );
  return <DocumentsContext.Provider value={value}>{children}</DocumentsContext.Provider>;
}
