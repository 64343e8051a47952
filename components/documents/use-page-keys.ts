'use client';

import { type RefObject, useEffect } from 'react';

/** How far one press of an arrow scrolls the page, as a browser's arrow does. */
const arrowStep = 40;

/** Of the frame's height, how much PageUp/PageDown scroll: a little stays in view to read on from. */
const screenStep = 0.875;

/**
 * Turning pages from the keyboard, with focus anywhere in the viewer the frame is in (its dialog)
 * but not in a field being typed in, as in Firefox's PDF viewer (pdf.js):
 * - ArrowLeft/ArrowRight turn a page. On a page zoomed wider than its frame they scroll it
 *   sideways instead, as pdf.js's do while it has a horizontal scrollbar: a person reading a
 *   zoomed page moves across it with them, and would lose their place if the page turned.
 * - PageUp/PageDown scroll a page taller than its frame a screen at a time and turn it at its top
 *   or foot: one page is shown at a time, and every part of it is read before the next.
 * - Home/End go to the first and last page.
 * - ArrowUp/ArrowDown scroll the page, wherever the focus is in the viewer (from a button of its
 *   bar they would do nothing).
 * A key handled here goes no further (nothing behind the viewer scrolls), also at either end,
 * where it turns nothing.
 */
export function usePageKeys(
  frame: RefObject<HTMLElement | null>,
  {
    page,
    pages,
    turnTo,
  }: { page: number; pages: number | undefined; turnTo: (page: number) => void },
) {
  useEffect(() => {
    const shown = frame.current;
    const viewer = shown?.closest('[role="dialog"]') ?? shown?.parentElement;
    if (!shown || !viewer || pages === undefined) return;
    const turn = (to: number) => {
      if (to !== page && to >= 1 && to <= pages) turnTo(to);
    };
    const onKeyDown = (event: Event) => {
      if (!(event instanceof KeyboardEvent) || event.defaultPrevented) return;
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (event.target instanceof Element && isTypedIn(event.target)) return;
      const wide = shown.scrollWidth > shown.clientWidth + 1;
      const atTop = shown.scrollTop <= 1;
      const atFoot = shown.scrollTop + shown.clientHeight >= shown.scrollHeight - 1;
      const screen = shown.clientHeight * screenStep;
      switch (event.key) {
        case 'ArrowLeft':
          if (wide) shown.scrollBy({ left: -arrowStep });
          else turn(page - 1);
          break;
        case 'ArrowRight':
          if (wide) shown.scrollBy({ left: arrowStep });
          else turn(page + 1);
          break;
        case 'ArrowUp':
          shown.scrollBy({ top: -arrowStep });
          break;
        case 'ArrowDown':
          shown.scrollBy({ top: arrowStep });
          break;
        case 'PageUp':
          if (atTop) turn(page - 1);
          else shown.scrollBy({ top: -screen });
          break;
        case 'PageDown':
          if (atFoot) turn(page + 1);
          else shown.scrollBy({ top: screen });
          break;
        case 'Home':
          turn(1);
          break;
        case 'End':
          turn(pages);
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    viewer.addEventListener('keydown', onKeyDown);
    return () => viewer.removeEventListener('keydown', onKeyDown);
  }, [frame, page, pages, turnTo]);
}

/** Whether keys pressed in an element are typing: there they move the caret, not the page. */
function isTypedIn(element: Element) {
  return (
    element.matches('input, textarea, select, [role="textbox"]') ||
    (element instanceof HTMLElement && element.isContentEditable)
  );
}
