/**
 * For a dialog's onCloseAutoFocus: focus goes back to the question box, where a person goes on,
 * rather than to the menu that opened the dialog. On a page without one, Radix's default stays.
 */
export function focusComposerOnClose(event: Event) {
  const composer = document.querySelector<HTMLTextAreaElement>('textarea[data-composer]');
  if (!composer) return;
  event.preventDefault();
  composer.focus({ preventScroll: true });
}
