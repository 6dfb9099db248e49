/**
 * JSON columns are text on both stores; these read them back with the shape they were
 * written in, instead of trusting a cast. A mismatch is a CorruptRowError naming the column.
 */
import type { z } from 'zod';
import { CorruptRowError } from './errors.js';

function parse(text: string, table: string, column: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CorruptRowError(table, column, 'not JSON', err);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A column holding a JSON object (meta, settings, payloads, audit details). */
export function jsonObject(text: string, table: string, column: string): Record<string, unknown> {
  const value = parse(text, table, column);
  if (!isObject(value)) throw new CorruptRowError(table, column, 'not a JSON object');
  return value;
}

/** A column holding JSON of a known shape. */
export function jsonOf<T>(schema: z.ZodType<T>, text: string, table: string, column: string): T {
  const result = schema.safeParse(parse(text, table, column));
  if (!result.success) throw new CorruptRowError(table, column, result.error.issues.map((i) => i.path.join('.') || 'value').join(', '));
  return result.data;
}
