import type { PlaceOnPage } from './find-passage';

/**
 * Where a passage lies on each page it is marked on, by the page's text as the server has it
 * (which the passage's offsets point into), each page's fetched once: what tells the passage
 * from another copy of its words on the page. A page whose text does not come has no place, and
 * the passage is found there by its words alone.
 */
export function passagePlaces(
  documentId: string,
  { charStart, charEnd }: { charStart: number; charEnd: number },
): (page: number) => Promise<PlaceOnPage | undefined> {
  const places = new Map<number, Promise<PlaceOnPage | undefined>>();
  return (page) => {
    let place = places.get(page);
    if (!place) {
      place = fetch(`/api/documents/${documentId}/pages/${page}/text`)
        .then((res) =>
          res.ok ? (res.json() as Promise<{ charStart: number; text: string }>) : undefined,
        )
        .then(
          (body) =>
            body && {
              text: body.text,
              start: charStart - body.charStart,
              end: charEnd - body.charStart,
            },
        )
        .catch(() => undefined);
      places.set(page, place);
    }
    return place;
  };
}
