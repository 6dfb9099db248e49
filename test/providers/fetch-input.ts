/** What the fakes and spies of fetch in these tests read from a call. */

export function urlOf(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/** The body our clients send: always a string (JSON or a form). */
export function bodyOf(init: RequestInit | undefined): string | undefined {
  return typeof init?.body === 'string' ? init.body : undefined;
}
