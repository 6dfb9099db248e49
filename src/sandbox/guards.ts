/**
 * Small guards both simulators share: reading untyped request data, and reaching records their
 * own state refers to (a miss there is a bug in the simulator, never a bad request).
 */

export type JsonObject = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A request value as text: scalars as `String()` renders them, anything else as JSON. A client
 * that sends an object where text belongs still gets an answer naming what it sent.
 */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === undefined) return 'undefined';
  return JSON.stringify(value);
}

/** The record a simulator's own data points at; its absence means the state is inconsistent. */
export function mustGet<K extends string | number, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`sandbox state is inconsistent: no ${what} ${key}`);
  return value;
}

/** The element the caller's arithmetic guarantees is there. */
export function itemAt<T>(items: readonly T[], index: number, what: string): T {
  const item = items[index];
  if (item === undefined) throw new RangeError(`no ${what} at index ${index} (of ${items.length})`);
  return item;
}

/** An object with one entry per key of the list. */
export function recordOf<K extends string, V>(keys: readonly K[], value: (key: K) => V): Record<K, V> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- Object.fromEntries cannot say that every key of `keys` is present; the map above puts each one there.
  return Object.fromEntries(keys.map((k) => [k, value(k)])) as Record<K, V>;
}
