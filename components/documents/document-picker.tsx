'use client';

import { ChevronDown, Library } from 'lucide-react';
import { Button } from '@/components/ui/button';
import {
  Menu,
  MenuCheckboxItem,
  MenuContent,
  MenuLabel,
  MenuSeparator,
  MenuTrigger,
} from '@/components/ui/menu';
import { useDocuments } from './documents-provider';

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
  const toggle = (id: string, on: boolean) =>
    onChange(on ? [...picked, id] : picked.filter((p) => p !== id));
  return (
    <Menu>
      <MenuTrigger asChild>
        <Button variant="outline" size="sm" className="max-w-48" aria-label={`Documents: ${label}`}>
          <Library aria-hidden className="size-3.5" />
          <span className="truncate">{label}</span>
          <ChevronDown aria-hidden className="size-3.5" />
        </Button>
      </MenuTrigger>
      <MenuContent align="end" className="max-w-80">
        <MenuLabel>Answer from</MenuLabel>
        <MenuCheckboxItem
          checked={picked.length === 0}
          onCheckedChange={() => onChange([])}
          onSelect={(e) => e.preventDefault()}
        >
          All documents
        </MenuCheckboxItem>
        {ready.length > 0 && <MenuSeparator />}
        {ready.map((doc) => (
          <MenuCheckboxItem
            key={doc.id}
            checked={picked.includes(doc.id)}
            onCheckedChange={(on) => toggle(doc.id, on)}
            // Stay open, so several can be ticked in a row.
            onSelect={(e) => e.preventDefault()}
          >
            <span className="truncate">{doc.name}</span>
          </MenuCheckboxItem>
        ))}
      </MenuContent>
    </Menu>
  );
}
