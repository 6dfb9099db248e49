/**
 * The base of every error a user can act on. `message` says what went wrong; `hint` says what
 * to do about it. The CLI prints both on one line; the HTTP layer returns them as data.
 * Each module defines its own subclasses next to the code that throws them.
 */
export class AppError extends Error {
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
  }

  /** One line for a terminal: "what went wrong — what to do". */
  oneLine(): string {
    return this.hint ? `${this.message} — ${this.hint}` : this.message;
  }
}

/** Bad input from a person or a script: a flag, an argument, a value. */
export class UsageError extends AppError {
  constructor(message: string, hint?: string) {
    super('usage', message, hint);
  }
}

/** A tenant named on the command line or in a URL does not exist. */
export class UnknownTenantError extends AppError {
  readonly tenant: string;
  constructor(tenant: string) {
    super(
      'unknown_tenant',
      `Unknown tenant '${tenant}'.`,
      `Create it with \`ml-connector tenant add ${tenant}\`, or see \`ml-connector tenant list\`.`,
    );
    this.tenant = tenant;
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof AppError) return err.oneLine();
  if (err instanceof Error) return err.message;
  return String(err);
}
