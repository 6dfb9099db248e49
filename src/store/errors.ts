import { AppError } from '../lib/errors.js';

export class StoreError extends AppError {
  constructor(message: string, hint: string, cause?: unknown) {
    super('store', message, hint, { cause });
  }
}

/** A JSON column holding something ml-connector did not write there. */
export class CorruptRowError extends StoreError {
  constructor(table: string, column: string, problem: string, cause?: unknown) {
    super(
      `A row of ${table} has a ${column} that ml-connector did not write (${problem}).`,
      'The row was changed outside ml-connector: restore it from a backup, or delete it and let the next sync or delivery write it again.',
      cause,
    );
  }
}
