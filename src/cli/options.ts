/**
 * Parsers for flag values that several commands take. Each throws a UsageError that names
 * the flag, what was given and what is expected, so the one line on stderr says what to fix.
 */
import type { Command } from 'commander';
import { isIsoDate } from '../core/records.js';
import { UsageError } from '../lib/errors.js';

/** The command's `<name>` argument; commander refuses the command before its action when one is missing. */
export function argument(command: Command, index: number, name: string): string {
  const value = command.args[index];
  if (value === undefined) throw new UsageError(`Missing ${name}.`, `See \`ml-connector ${command.name()} --help\`.`);
  return value;
}

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

/** `--limit`-like flags: 1 or more, no upper bound. */
export function positiveWholeNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive whole number; got '${value}'.`);
  return n;
}

export function wholeNumber(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}; got '${value}'.`);
  return n;
}

/** A calendar date written YYYY-MM-DD (2026-02-30 is refused); `hint` says what the date decides. */
export function parseDate(value: string, flag: string, hint?: string): string {
  const date = value.trim();
  if (!isIsoDate(date)) throw new UsageError(`${flag} must be a date like 2026-01-31; got '${value}'.`, hint);
  return date;
}

/** One of a fixed list of values (undefined when the option was not given). */
export function oneOf<T extends string>(flag: string, allowed: readonly T[], value: string | undefined): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got '${value}'.`);
  return found;
}
