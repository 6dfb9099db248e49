import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('config', () => {
  it('defaults to the embedded SQLite store in the data dir', () => {
    const config = loadConfig({ dataDir: '/tmp/x', env: {} });
    expect(config.store).toEqual({ kind: 'sqlite', file: '/tmp/x/ml-connector.db' });
    expect(config.masterKey).toBeUndefined();
  });

  it('selects PostgreSQL for a postgres:// URL, flag before env', () => {
    expect(loadConfig({ databaseUrl: 'postgres://u@h/db', env: { DATABASE_URL: 'sqlite:/tmp/a.db' } }).store).toEqual({
      kind: 'postgres',
      url: 'postgres://u@h/db',
    });
    expect(loadConfig({ env: { DATABASE_URL: 'sqlite:/tmp/a.db' } }).store).toEqual({ kind: 'sqlite', file: '/tmp/a.db' });
  });

  it('names each bad value, what was given and what is expected — without echoing a secret', () => {
    let err: unknown;
    try {
      loadConfig({ databaseUrl: 'mysql://x', env: { ML_CONNECTOR_MASTER_KEY: 'c2VjcmV0', LOG_LEVEL: 'loud' } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as ConfigError).message;
    expect(message).toContain('--database-url: got "mysql://x"; expected a postgres:// URL');
    expect(message).toContain('ML_CONNECTOR_MASTER_KEY: got a value of 8 characters; expected base64 of exactly 32 random bytes');
    expect(message).toContain('LOG_LEVEL: got "loud"; expected one of fatal');
    expect(message).not.toContain('c2VjcmV0');
  });

  it('accepts a valid master key', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ env: { ML_CONNECTOR_MASTER_KEY: key } }).masterKey?.length).toBe(32);
  });
});
