/**
 * Settings from flags and the environment, validated once with zod. Every bad value is
 * reported with its name, what was given and what is expected.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from './lib/errors.js';

export class ConfigError extends AppError {
  constructor(readonly problems: string[]) {
    super(
      'config',
      problems.length === 1 ? `Bad setting: ${problems[0]}` : `Bad settings: ${problems.join('; ')}`,
      'Fix the value and run the command again.',
    );
  }
}

export type StoreTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export interface Config {
  dataDir: string;
  store: StoreTarget;
  /** The master key from ML_CONNECTOR_MASTER_KEY; absent means the data dir's key file. */
  masterKey: Buffer | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

interface ConfigInput {
  dataDir?: string | undefined;
  databaseUrl?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

const base64Key = z.string().refine((s) => /^[A-Za-z0-9+/]+={0,2}$/.test(s.trim()) && Buffer.from(s.trim(), 'base64').length === 32, {
  error: 'base64 of exactly 32 random bytes (e.g. `openssl rand -base64 32`)',
});

const databaseUrl = z.string().refine((s) => /^(postgres(ql)?:\/\/|sqlite:|file:)/.test(s), {
  error: 'a postgres:// URL, or sqlite:<file> for the embedded store',
});

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function describe(text: string): string {
  return JSON.stringify(text.length > 60 ? text.slice(0, 57) + '…' : text);
}

export function loadConfig(input: ConfigInput = {}): Config {
  const env = input.env ?? process.env;
  const problems: string[] = [];
  const check = <T>(name: string, schema: z.ZodType<T>, value: string | undefined, secret = false): T | undefined => {
    if (value === undefined || value === '') return undefined;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const expected = result.error.issues.map((i) => i.message).join(', ');
    problems.push(`${name}: got ${secret ? `a value of ${value.length} characters` : describe(value)}; expected ${expected}`);
    return undefined;
  };

  const dataDir = resolve(input.dataDir ?? env.ML_CONNECTOR_DATA_DIR ?? '.ml-connector');
  const urlName = input.databaseUrl !== undefined ? '--database-url' : 'DATABASE_URL';
  const url = check(urlName, databaseUrl, input.databaseUrl ?? env.DATABASE_URL);
  const key = check('ML_CONNECTOR_MASTER_KEY', base64Key, env.ML_CONNECTOR_MASTER_KEY, true);
  const logLevel = check('LOG_LEVEL', z.enum(levels, { error: `one of ${levels.join(', ')}` }), env.LOG_LEVEL);
  if (problems.length > 0) throw new ConfigError(problems);

  let store: StoreTarget = { kind: 'sqlite', file: resolve(dataDir, 'ml-connector.db') };
  if (url && /^postgres(ql)?:\/\//.test(url)) store = { kind: 'postgres', url };
  else if (url) store = { kind: 'sqlite', file: resolve(url.replace(/^(sqlite|file):(\/\/)?/, '')) };

  return {
    dataDir,
    store,
    masterKey: key ? Buffer.from(key.trim(), 'base64') : undefined,
    logLevel: logLevel ?? 'warn',
  };
}
