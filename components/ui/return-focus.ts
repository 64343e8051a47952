'use client';

import { useRef } from 'react';

/*
 * Where keyboard focus goes when a dialog closes or the thing that had it goes away. Radix
 * gives focus back to a dialog's own Trigger, but Folio's dialogs open from state, with no
 * Trigger, so Radix would leave focus on the page body, where a keyboard user has to start
 * again from the top of the page.
 */

/** Whether a person could move focus to `element` now: on the page, shown, not behind a modal. */
export function reachable(element: Element | null | undefined): element is HTMLElement {
  return (
    element instanceof HTMLElement &&
    element !== element.ownerDocument.body &&
    element.isConnected &&
    element.getClientRects().length > 0 &&
    // A modal dialog that is open hides the rest of the page this way.
    !element.closest('[aria-hidden="true"], [inert]')
  );
}

/**
 * The page's home for focus, marked `data-focus-home`: the question box where the page has
 * one, else its main region (the question box is inside it, so it comes last).
 */
function home(): HTMLElement | undefined {
  return [...document.querySelectorAll('[data-focus-home]')].filter(reachable).at(-1);
}

const focus = (element: HTMLElement | undefined) => element?.focus({ preventScroll: true });

/**
 * A dialog's autofocus handlers: what had focus as it opened gets it back when it closes, or,
 * when that has gone (a page navigated away from), the page's home. The dialog's own
 * `onCloseAutoFocus` may send focus elsewhere first, by calling `event.preventDefault()`.
 */
export function useReturnFocus({
  onOpenAutoFocus,
  onCloseAutoFocus,
}: {
  onOpenAutoFocus?: (event: Event) => void;
  onCloseAutoFocus?: (event: Event) => void;
}) {
  const opener = useRef<Element | null>(null);
  return {
    onOpenAutoFocus: (event: Event) => {
      // Radix calls this before it moves focus into the dialog.
      opener.current = document.activeElement;
      onOpenAutoFocus?.(event);
    },
    onCloseAutoFocus: (event: Event) => {
      onCloseAutoFocus?.(event);
      if (event.defaultPrevented) return;
      event.preventDefault();
      focusOrHome(opener.current);
    },
  };
}

const focusable = 'a[href], button:not([disabled]), input:not([type="hidden"]), textarea, select';

/**
 * What should take focus once `item` has left its list (a deleted document's row): the first
 * thing focus can reach in the next item, else in the previous one, else `whenEmpty` (the
 * list's add button). Found while the item is still there, used once it has gone.
 */
export function replacementFor(
  item: Element,
  whenEmpty: HTMLElement | null,
): HTMLElement | undefined {
  const siblings = [...(item.parentElement?.children ?? [])];
  const at = siblings.indexOf(item);
  const nearestFirst = [...siblings.slice(at + 1), ...siblings.slice(0, at).reverse()];
  const inNeighbour = nearestFirst
    .flatMap((sibling) => [...sibling.querySelectorAll(focusable)])
    .find(reachable);
  return inNeighbour ?? (reachable(whenEmpty) ? whenEmpty : undefined);
}

/** Focuses `element` if a person could still reach it, else the page's home. */
export function focusOrHome(element: Element | null | undefined) {
  focus(reachable(element) ? element : home());
}
