/**
 * The one error the Coupa simulator throws for anything a caller did wrong. It carries what
 * Coupa puts on the wire: a status and messages keyed by the resource (JSON
 * `{"errors": {"invoice": ["…"]}}`, XML `<errors><error>…</error></errors>`).
 */
// Choice CP-08 (docs/api-notes.md): errors are keyed by the URL segment's singular, else "base".
export type ErrorKey = 'base' | 'supplier' | 'purchase_order' | 'invoice' | 'payment';

export class CoupaApiError extends Error {
  constructor(
    readonly status: number,
    readonly key: ErrorKey,
    readonly messages: string[],
    readonly headers: Record<string, string> = {},
  ) {
    super(messages.join('; '));
    this.name = 'CoupaApiError';
  }

  /** 400: Coupa answers validation failures with 400 (422 is never used). */
  static invalid(key: ErrorKey, ...messages: string[]): CoupaApiError {
    return new CoupaApiError(400, key, messages);
  }

  // Choice CP-09 (docs/api-notes.md): a 404 says "Record not found" under "base".
  static notFound(): CoupaApiError {
    return new CoupaApiError(404, 'base', ['Record not found']);
  }
}
