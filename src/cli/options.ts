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

/** `https://host[:port][/prefix]`, no query or fragment, no trailing slash. */
export function parsePublicUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--public-url must be an absolute http(s) URL; got '${text}'.`, 'E.g. --public-url https://sync.example.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`--public-url must start with https:// or http://; got '${text}'.`);
  if (url.search || url.hash || url.username || url.password)
    throw new UsageError(`--public-url must be a plain base URL (no query, fragment or credentials); got '${text}'.`);
  return url.toString().replace(/\/+$/, '');
}

export function wholeNumber(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}; got '${value}'.`);
  return n;
}
