/** The migrations, in order. A new one gets the next number; a released one never changes. */
import type { Migration } from 'kysely';
import * as m001 from './001_initial.js';
import * as m002 from './002_inbox_and_jobs.js';
import * as m003 from './003_oauth_states.js';
import * as m004 from './004_sync.js';
import * as m005 from './005_webhook_secrets.js';
import * as m006 from './006_ledger.js';
import * as m007 from './007_vendor_intents.js';
import * as m008 from './008_bill_reviews.js';
import * as m009 from './009_sync_runs.js';
import * as m010 from './010_one_open_poll.js';
import * as m011 from './011_rate_budgets.js';

export const migrations: Record<string, Migration> = {
  '001_initial': m001,
  '002_inbox_and_jobs': m002,
  '003_oauth_states': m003,
  '004_sync': m004,
  '005_webhook_secrets': m005,
  '006_ledger': m006,
  '007_vendor_intents': m007,
  '008_bill_reviews': m008,
  '009_sync_runs': m009,
  '010_one_open_poll': m010,
  '011_rate_budgets': m011,
};
