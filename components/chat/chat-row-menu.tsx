'use client';

import { Pencil, Trash2 } from '@/components/ui/icons';
import { Menu, MenuContent, MenuItem } from '@/components/ui/menu';
import type { OnDemandProps } from '@/components/ui/on-demand';

/** A chat's options; loaded when its trigger is first reached. */
export function ChatRowMenu({
  onRename,
  onDelete,
  ...menu
}: OnDemandProps & { onRename: () => void; onDelete: () => void }) {
  return (
    <Menu {...menu}>
      <MenuContent align="end">
        <MenuItem onSelect={onRename}>
          <Pencil aria-hidden /> Rename
        </MenuItem>
        <MenuItem destructive onSelect={onDelete}>
          <Trash2 aria-hidden /> Delete
        </MenuItem>
      </MenuContent>
    </Menu>
  );
}
