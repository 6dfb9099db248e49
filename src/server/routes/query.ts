/** Query strings are parsed, not trusted: a parameter given twice arrives as an array. */
import { UsageError } from '../../lib/errors.js';

export type Query = Record<string, unknown>;

export function text(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || typeof value === 'string') return value;
  throw new UsageError(`${name} must be given once, as text.`);
}

export function number(query: Query, name: string, fallback: number): number {
  const value = text(query, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive whole number; got '${value}'.`);
  return n;
}
