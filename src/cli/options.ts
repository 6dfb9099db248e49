/**
 * Parsers for flag values that several commands take. Each throws a UsageError that names
 * the flag, what was given and what is expected, so the one line on stderr says what to fix.
 */
import { UsageError } from '../lib/errors.js';

export function parsePort(value: string, flag: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`${flag} must be a port number from 0 to 65535; got '${value}'.`);
  return port;
}

export function wholeNumber(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}; got '${value}'.`);
  return n;
}
