import type { ComponentProps, ReactNode } from 'react';
import { cn } from '@/components/ui/cn';

export const inputStyles =
  'h-9 w-full rounded-md border border-input bg-background px-3 text-sm outline-none focus-visible:ring-2 focus-visible:ring-ring';

/** A labelled input, as the sign-in form has it. */
export function Field({ label, className, ...input }: ComponentProps<'input'> & { label: string }) {
  return (
    <label className={cn('block space-y-1.5 text-sm', className)}>
      <span>{label}</span>
      <input className={inputStyles} {...input} />
    </label>
  );
}

/** What went wrong, said where the person is looking. */
export function Problem({ children }: { children?: ReactNode }) {
  if (!children) return null;
  return (
    <p role="alert" className="text-sm text-destructive">
      {children}
    </p>
  );
}

/** The error a Folio or better-auth answer carries, or a line saying Folio did not answer. */
export async function problemOf(res: Response | undefined): Promise<string> {
  if (!res) return 'Folio did not answer. Try again.';
  const body = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
  return body.error ?? body.message ?? `Folio answered ${res.status}.`;
}

/** Sends JSON to Folio; undefined when it could not be reached. */
export function send(method: string, url: string, body?: unknown): Promise<Response | undefined> {
  return fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch(() => undefined);
}

/** A page of settings: its sections, below the page's header. */
export function SettingsPage({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto max-w-3xl space-y-8 px-4 py-6">{children}</div>
    </div>
  );
}

export function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="space-y-3">
      <div>
        <h2 className="font-semibold">{title}</h2>
        {description && <p className="text-sm text-muted-foreground">{description}</p>}
      </div>
      {children}
    </section>
  );
}

/** A link or key shown once, to copy now. */
export function ShownOnce({ label, value }: { label: string; value: string }) {
  return (
    <div className="space-y-1.5 rounded-lg border bg-muted/40 p-3 text-sm">
      <p className="font-medium">{label}</p>
      <div className="flex gap-2">
        <input readOnly value={value} aria-label={label} className={cn(inputStyles, 'font-mono')} />
        <button
          type="button"
          className="h-9 shrink-0 rounded-md border border-input bg-background px-3 font-medium hover:bg-muted"
          onClick={() => navigator.clipboard?.writeText(value)}
        >
          Copy
        </button>
      </div>
      <p className="text-muted-foreground">It is shown this once: Folio keeps only its hash.</p>
    </div>
  );
}
