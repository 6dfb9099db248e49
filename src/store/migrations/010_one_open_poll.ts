import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';

/**
 * At most one waiting or running poll per tenant, kept by the database: schedulers in several
 * processes may all try to queue one, and a unique partial index lets exactly one insert win
 * (check-then-insert let two through). Duplicates an older version queued are finished first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update jobs set status = 'done', locked_by = null, locked_until = null
    where kind = 'poll' and status in ('pending', 'running')
      and id not in (
        select min(id) from jobs where kind = 'poll' and status in ('pending', 'running') group by tenant_id, record_key
      )
  `.execute(db);
  await sql`
    create unique index jobs_one_open_poll on jobs (tenant_id, record_key)
    where kind = 'poll' and status in ('pending', 'running')
  `.execute(db);
}
