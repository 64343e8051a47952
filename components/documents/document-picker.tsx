'use client';

import { Button } from '@/components/ui/button';
import { ChevronDown, Library } from '@/components/ui/icons';
import { menuTriggerProps, onDemand } from '@/components/ui/on-demand';
import { useDocuments } from './documents-provider';
import type { LibraryDocument } from './types';

const DocumentPickerMenu = onDemand<{
  ready: LibraryDocument[];
  picked: string[];
  onChange: (documentIds: string[]) => void;
}>(() => import('./document-picker-menu').then((m) => m.DocumentPickerMenu), {
  opens: 'pointerdown',
  plainProps: menuTriggerProps,
});

/**
 * Which documents a chat asks: all of them (no ids) or the ones ticked. Unticking the last one
 * goes back to all.
 */
export function DocumentPicker({
  selected,
  onChange,
}: {
  selected: string[];
  onChange: (documentIds: string[]) => void;
}) {
  const { documents } = useDocuments();
  const ready = documents.filter((d) => d.status === 'ready');
  const picked = selected.filter((id) => ready.some((d) => d.id === id));
  const label =
    picked.length === 0
      ? 'All documents'
      : picked.length === 1
        ? ready.find((d) => d.id === picked[0])?.name
        : `${picked.length} documents`;
  return (
    <DocumentPickerMenu
      ready={ready}
      picked={picked}
      onChange={onChange}
      trigger={
        <Button variant="outline" size="sm" className="max-w-48" aria-label={`Documents: ${label}`}>
          <Library aria-hidden className="size-3.5" />
          <span className="truncate">{label}</span>
          <ChevronDown aria-hidden className="size-3.5" />
        </Button>
      }
    />
  );
}
