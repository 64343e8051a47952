import { reachable } from '@/components/ui/return-focus';

/**
 * For a dialog's onCloseAutoFocus: focus goes back to the question box, where a person goes on,
 * rather than to what opened the dialog. On a page without one, or while another dialog still
 * covers it (the viewer opened from the sources sheet), focus goes back to what opened it.
 */
export function focusComposerOnClose(event: Event) {
  const composer = document.querySelector('textarea[data-composer]');
  if (!reachable(composer)) return;
  event.preventDefault();
  composer.focus({ preventScroll: true });
}
