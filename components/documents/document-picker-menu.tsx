'use client';

import {
  Menu,
  MenuCheckboxItem,
  MenuContent,
  MenuLabel,
  MenuSeparator,
} from '@/components/ui/menu';
import type { OnDemandProps } from '@/components/ui/on-demand';
import type { LibraryDocument } from './types';

/** The document picker's menu; loaded when its trigger is first reached. */
export function DocumentPickerMenu({
  ready,
  picked,
  onChange,
  ...menu
}: OnDemandProps & {
  ready: LibraryDocument[];
  picked: string[];
  onChange: (documentIds: string[]) => void;
}) {
  const toggle = (id: string, on: boolean) =>
    onChange(on ? [...picked, id] : picked.filter((p) => p !== id));
  return (
    <Menu {...menu}>
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
