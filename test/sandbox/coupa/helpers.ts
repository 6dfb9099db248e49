/** Shared helpers for the Coupa sandbox contract tests: real HTTP against a sandbox on port 0. */
import { afterEach } from 'vitest';
import {
  COUPA_DEMO,
  startCoupaSandbox,
  type CoupaSandbox,
  type CoupaSandboxOptions,
  type OAuthClient,
} from '../../../src/sandbox/coupa/index.js';
import { generateDataset } from '../../../src/sandbox/generator/index.js';

const open: CoupaSandbox[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A sandbox with the demo data and (unless the test sets one) no rate limit; closed after the test. */
export async function sandbox(options: CoupaSandboxOptions = {}): Promise<CoupaSandbox> {
  const sb = await startCoupaSandbox({ data: generateDataset().coupa, rateLimit: false, ...options });
  open.push(sb);
  return sb;
}

export async function token(sb: CoupaSandbox, scopes?: string[], client: OAuthClient = COUPA_DEMO): Promise<string> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
  if (scopes) body.set('scope', scopes.join(' '));
  const res = await fetch(`${sb.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const json = (await res.json()) as { access_token?: string };
  if (!json.access_token) throw new Error(`no token: ${res.status} ${JSON.stringify(json)}`);
  return json.access_token;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any; // parsed body (tests index into it freely)
}

interface CallOptions {
  method?: string;
  body?: unknown;
  /** 'json' (default) sends Accept: application/json; 'xml' sends none (Coupa's default). */
  format?: 'json' | 'xml';
  headers?: Record<string, string>;
}

export async function call(sb: CoupaSandbox, accessToken: string | undefined, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if ((options.format ?? 'json') === 'json') headers.accept = 'application/json';
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const res = await fetch(`${sb.url}${path}`, { method: options.method ?? 'GET', headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A sandbox plus a token with every connector scope: the common start of a test. */
export async function ready(
  options: CoupaSandboxOptions = {},
): Promise<{ sb: CoupaSandbox; tok: string; get: (path: string, o?: CallOptions) => Promise<Answer> }> {
  const sb = await sandbox(options);
  const tok = await token(sb);
  return { sb, tok, get: (path, o) => call(sb, tok, path, o) };
}

/** Ids of a JSON list answer. */
export function ids(answer: Answer): number[] {
  return (answer.json as Array<{ id: number }>).map((r) => r.id);
}

export function q(value: string): string {
  return encodeURIComponent(value);
}
