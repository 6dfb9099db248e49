import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { UsageError } from '../../lib/errors.js';
import { action, withExample, type ProgramIo } from '../program.js';

function newKeyFromEnv(): Buffer | undefined {
  const text = process.env.ML_CONNECTOR_NEW_MASTER_KEY?.trim();
  if (!text) return undefined;
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    throw new UsageError('ML_CONNECTOR_NEW_MASTER_KEY is not base64 of 32 bytes.', 'Generate one with `openssl rand -base64 32`.');
  }
  return key;
}

export function registerKeys(program: Command, io: ProgramIo): void {
  const keys = program.command('keys').description('manage the master key that wraps every tenant’s data key');
  withExample(keys, 'ml-connector keys rotate');
  withExample(
    keys
      .command('rotate')
      .description(
        're-wrap every tenant’s data key under a new master key, in one transaction. With the key file (embedded default) a new key is generated and the file replaced; ' +
          'with ML_CONNECTOR_MASTER_KEY, give the new key in ML_CONNECTOR_NEW_MASTER_KEY and switch the variable afterwards.',
      )
      .action(
        action(io, async (ctx) => {
          const { keyId } = await import('../../vault/envelope.js');
          const { resolveMasterKey, rotateMasterKey } = await import('../../vault/vault.js');
          const store = await ctx.store();
          const config = ctx.config();
          const current = await resolveMasterKey(store, config, (m) => {
            ctx.warn(m);
          });
          const given = newKeyFromEnv();
          if (current.source === 'env' && !given) {
            throw new UsageError(
              'ML_CONNECTOR_MASTER_KEY is set, so the new key must come from ML_CONNECTOR_NEW_MASTER_KEY.',
              'Run `ML_CONNECTOR_NEW_MASTER_KEY=$(openssl rand -base64 32) ml-connector keys rotate`, then set ML_CONNECTOR_MASTER_KEY to that value.',
            );
          }
          const next = given ?? randomBytes(32);
          const moved = await rotateMasterKey(store, config.dataDir, current, next);
          const result = { rotated: moved, oldKeyId: current.id, newKeyId: keyId(next), source: current.source };
          ctx.print(result, () =>
            current.source === 'file'
              ? `Re-wrapped ${moved} data key(s) under a new master key (id ${result.newKeyId}); ${current.file} now holds it.`
              : `Re-wrapped ${moved} data key(s) under the new master key (id ${result.newKeyId}). Now set ML_CONNECTOR_MASTER_KEY to the value of ML_CONNECTOR_NEW_MASTER_KEY: the old key opens nothing any more.`,
          );
        }),
      ),
    'ml-connector keys rotate',
    'ML_CONNECTOR_NEW_MASTER_KEY=$(openssl rand -base64 32) ml-connector keys rotate',
  );
}
