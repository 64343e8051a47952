/** Small helpers that keep route handlers thin and every error shaped `{ error }`. */
import type { z } from 'zod';
import { diskFullMessage, isDiskFull } from './disk-full';

export function errorResponse(status: number, message: string): Response {
  return Response.json({ error: message }, { status });
}

/**
 * Marks an HttpError wherever its class was bundled: Next bundles instrumentation and each route
 * apart, so one made by a module start-up loaded (the Redis transport) is another class's
 * instance than the route's HttpError.
 */
const httpErrorMark = Symbol.for('folio.HttpError');

export class HttpError extends Error {
  readonly [httpErrorMark] = true;

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function isHttpError(error: unknown): error is HttpError {
  return typeof error === 'object' && error !== null && httpErrorMark in error;
}

/** The first problem zod found, said so a person can fix it. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/** Reads a JSON body and validates it, or throws an HttpError with a 400/415. */
export async function readJson<T extends z.ZodType>(req: Request, schema: T): Promise<z.infer<T>> {
  const type = req.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) {
    throw new HttpError(415, 'Send the body as JSON (Content-Type: application/json).');
  }
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new HttpError(400, 'The body is not valid JSON.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, describeZodError(parsed.error));
  return parsed.data;
}

/** A page's number from a path (`/pages/:n/…`), or an HttpError with a 400 saying what it must be. */
export function pageNumberParam(page: string): number {
  const number = Number(page);
  if (!/^\d+$/.test(page) || number < 1) {
    throw new HttpError(400, 'The page must be a page number: 1, 2, 3…');
  }
  return number;
}

/**
 * Runs a handler, turning an HttpError into its response and a full disk into a 507 that says
 * so; anything else is a real 500.
 */
export async function handle(run: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (isHttpError(error)) return errorResponse(error.status, error.message);
    if (isDiskFull(error)) return errorResponse(507, diskFullMessage);
    throw error;
  }
}
