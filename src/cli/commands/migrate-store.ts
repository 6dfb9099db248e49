import type { Command } from 'commander';
import type { MigrateStoreResult } from '../../app/migrate-store.js';
import type { CopyProgress } from '../../store/copy-store.js';
import { action, withExample, type ProgramIo } from '../program.js';

const count = (n: number) => n.toLocaleString('en-US');
const rowsText = (n: number) => `${count(n)} row${n === 1 ? '' : 's'}`;

/**
 * A line per table when it is done, and every 10,000 rows inside a big one (audit, deliveries).
 * The heading waits for the first table, so a refusal stays the one line on stderr.
 */
function progressPrinter(info: (line: string) => void): (p: CopyProgress) => void {
  const STEP = 10_000;
  let started = false;
  return (p) => {
    if (!started) info('Copying the embedded store into PostgreSQL, parents before children:');
    started = true;
    if (p.copied === p.total) info(`  ${p.table}: ${rowsText(p.total)}`);
    else if (p.copied > 0 && Math.floor(p.copied / STEP) > Math.floor((p.copied - 1) / STEP)) {
      info(`  ${p.table}: ${count(p.copied)} of ${count(p.total)} rows…`);
    }
  };
}

/** Where the copied credentials' master key comes from, and what every process must be given. */
function masterKeyAdvice(r: MigrateStoreResult, dataDir: string): string {
  const k = r.masterKey;
  if (k.source === 'env') {
    return `The credentials are sealed under the master key from ML_CONNECTOR_MASTER_KEY (key id ${k.keyId}): give every process the same ML_CONNECTOR_MASTER_KEY.`;
  }
  if (k.source === 'file') {
    return (
      `The credentials are sealed under the master key in the key file ${k.file} (key id ${k.keyId}): give every process the same data dir ` +
      `(--data-dir ${dataDir} or ML_CONNECTOR_DATA_DIR), or set ML_CONNECTOR_MASTER_KEY to that file's contents for every process.`
    );
  }
  return 'No credentials are sealed yet: set ML_CONNECTOR_MASTER_KEY (e.g. `openssl rand -base64 32`) for every process before connecting a tenant.';
}

function nextSteps(r: MigrateStoreResult, dataDir: string): string[] {
  return [
    `Point every process (serve, workers, CLI) at the new store: DATABASE_URL=${r.to} (or --database-url).`,
    `Keep the same master key. ${masterKeyAdvice(r, dataDir)}`,
    `Keep ${r.from} as a backup until the new store has run for a while; nothing writes to it any more once the processes have moved.`,
  ];
}

export function registerMigrateStore(program: Command, io: ProgramIo): void {
  withExample(
    program
      .command('migrate-store')
      .description(
        'copy the embedded SQLite store (--data-dir) into an empty PostgreSQL database, in one transaction, then check the row counts of every table on both sides. ' +
          'Stop serve and the workers first; credentials stay sealed and open with the same master key',
      )
      .requiredOption(
        '--to <url>',
        'the PostgreSQL database to copy into: postgres://user:password@host:5432/database (an empty database: it refuses one that holds tenants or any other rows)',
      )
      .action(
        action<{ to: string }>(io, async (ctx, opts) => {
          const { migrateStore } = await import('../../app/migrate-store.js');
          const config = ctx.config();
          const result = await migrateStore({
            config,
            openSource: () => ctx.store(),
            to: opts.to,
            onProgress: progressPrinter((l) => {
              ctx.info(l);
            }),
          });
          const next = nextSteps(result, config.dataDir);
          ctx.print(
            {
              from: result.from,
              to: result.to,
              tables: Object.fromEntries(result.tables.map((t) => [t.table, t.rows])),
              rows: result.rows,
              countsMatch: true,
              sequences: Object.fromEntries(result.sequences.map((s) => [s.table, { column: s.column, next: s.next }])),
              masterKey: result.masterKey,
              next,
            },
            () =>
              [
                `Copied ${rowsText(result.rows)} in ${result.tables.length} tables from ${result.from} to ${result.to}; the row counts of every table match on both sides.`,
                'Next:',
                ...next.map((step, i) => `  ${i + 1}. ${step}`),
              ].join('\n'),
          );
        }),
      ),
    'ml-connector --data-dir /var/lib/ml-connector migrate-store --to postgres://ml_connector@db.internal:5432/ml_connector',
  );
}
