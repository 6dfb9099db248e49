/**
 * The one error the Coupa simulator throws for anything a caller did wrong. It carries what
 * Coupa puts on the wire: a status and messages keyed by the resource (JSON
 * `{"errors": {"invoice": ["…"]}}`, XML `<errors><error>…</error></errors>`).
 */
// UNCONFIRMED: the key Coupa uses per resource (its models are InvoiceHeader / OrderHeader); we
// choose the singular of the URL segment: "supplier", "purchase_order", "invoice"; "base" otherwise.
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

  // UNCONFIRMED: the text of Coupa's not-found answer; we choose "Record not found" under "base".
  static notFound(): CoupaApiError {
    return new CoupaApiError(404, 'base', ['Record not found']);
  }
}
