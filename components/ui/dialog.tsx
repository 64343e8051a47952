'use client';

import { Dialog as DialogPrimitive } from 'radix-ui';
import type { ComponentProps, ReactNode } from 'react';
import { Button } from './button';
import { cn } from './cn';
import { X } from './icons';
import { useReturnFocus } from './return-focus';

export const Dialog = DialogPrimitive.Root;
export const DialogClose = DialogPrimitive.Close;

const overlayStyles = 'fixed inset-0 z-50 bg-black/40';

/** Sides a sheet slides in from; centered is an ordinary dialog. */
const placements = {
  center:
    'top-1/2 left-1/2 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-xl border bg-popover p-5',
  /** The sidebar as a sheet, in the sidebar's colour. */
  left: 'inset-y-0 left-0 h-full w-[85%] max-w-80 border-r bg-sidebar',
  right: 'inset-y-0 right-0 h-full w-[92%] max-w-md border-l bg-popover',
  full: 'inset-2 rounded-xl border bg-popover sm:inset-6',
};

/**
 * A modal dialog or sheet: focus stays inside while it is open, Escape and the close button
 * close it, and focus returns to what opened it (or where `onCloseAutoFocus` sends it).
 */
export function DialogContent({
  title,
  description,
  hideTitle = false,
  placement = 'center',
  className,
  children,
  onOpenAutoFocus,
  onCloseAutoFocus,
  ...props
}: Omit<ComponentProps<typeof DialogPrimitive.Content>, 'title'> & {
  title: ReactNode;
  description?: ReactNode;
  /** Keep the title for screen readers only, when the content shows its own heading. */
  hideTitle?: boolean;
  placement?: keyof typeof placements;
}) {
  const returnFocus = useReturnFocus({ onOpenAutoFocus, onCloseAutoFocus });
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className={overlayStyles} />
      <DialogPrimitive.Content
        // Without a description, say so, rather than pointing at one that does not exist.
        {...(!description && { 'aria-describedby': undefined })}
        className={cn(
          'fixed z-50 flex flex-col text-foreground shadow-xl outline-none',
          placements[placement],
          className,
        )}
        {...props}
        {...returnFocus}
      >
        <div
          className={cn(
            'flex gap-2',
            placement === 'center'
              ? 'items-start pr-10'
              : 'h-13 shrink-0 items-center border-b px-4',
            hideTitle && 'sr-only',
          )}
        >
          <div className="min-w-0 flex-1">
            <DialogPrimitive.Title className="truncate font-semibold">
              {title}
            </DialogPrimitive.Title>
            {description && (
              <DialogPrimitive.Description className="mt-1 text-sm text-muted-foreground">
                {description}
              </DialogPrimitive.Description>
            )}
          </div>
        </div>
        {children}
        <DialogPrimitive.Close asChild>
          <Button variant="ghost" size="icon" aria-label="Close" className="absolute top-2 right-2">
            <X aria-hidden />
          </Button>
        </DialogPrimitive.Close>
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

/** A dialog and its content as one component, for `Modal`, which loads it on demand. */
export function DialogWithContent({
  open,
  onOpenChange,
  ...content
}: { open: boolean; onOpenChange: (open: boolean) => void } & ComponentProps<
  typeof DialogContent
>) {
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogContent {...content} />
    </DialogPrimitive.Root>
  );
}
