/** The migrations, in order. A new one gets the next number; a released one never changes. */
import type { Migration } from 'kysely';
import * as m001 from './001_initial.js';
import * as m002 from './002_inbox_and_jobs.js';

export const migrations: Record<string, Migration> = {
  '001_initial': m001,
  '002_inbox_and_jobs': m002,
};
