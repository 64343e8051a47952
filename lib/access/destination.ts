/**
 * Where sign-in sends someone on to: the page they asked for (`?next=`), if it is on Folio.
 *
 * The target is read with the URL parser browsers use, so what is checked is what a browser
 * would make of it: backslashes read as slashes, tabs and newlines dropped, `//host` another
 * site. Only a target on Folio's own origin is kept, and then only its path, query and
 * fragment in the parser's escaped form, which holds no character a header cannot carry.
 */
const origin = 'http://folio.invalid';

export function signInDestination(next: string | string[] | undefined): string {
  if (typeof next !== 'string' || next === '') return '/';
  try {
    const url = new URL(next, origin);
    return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}
