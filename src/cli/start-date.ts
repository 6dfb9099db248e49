/**
 * The tenant's start date on the command line: validating `--start-date`, the default (the first
 * day of the current month, UTC), and asking for it on a terminal.
 */
import { parseDate } from './options.js';

export function parseStartDate(text: string, flag = '--start-date'): string {
  return parseDate(text, flag, 'POs and invoices dated on or after it become bills; older ones are left out.');
}

/** The first day of the current month (UTC): a new tenant starts with this month's documents. */
export function defaultStartDate(now = Date.now()): string {
  return `${new Date(now).toISOString().slice(0, 7)}-01`;
}

export interface StartDateIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

export type StartDateChoice = { date: string; how: 'given' | 'asked' | 'default' };

/**
 * `--start-date` when given; on a terminal, asked (Enter takes the default); otherwise (CI,
 * scripts) the default, which the caller announces with how to change it.
 */
export async function chooseStartDate(given: string | undefined, io: StartDateIo, now = Date.now()): Promise<StartDateChoice> {
  if (given !== undefined) return { date: parseStartDate(given), how: 'given' };
  const suggested = defaultStartDate(now);
  if (io.stdin.isTTY === true) {
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: io.stdin, output: io.stderr });
    try {
      const answer = await rl.question(`Start date: POs and invoices dated from this day on become bills [${suggested}]: `);
      return { date: answer.trim() === '' ? suggested : parseStartDate(answer), how: 'asked' };
    } finally {
      rl.close();
    }
  }
  return { date: suggested, how: 'default' };
}

/**
 * `connect` on a tenant with no start date yet: one is chosen now (given, asked or the default)
 * and saved by `save()` once the connection succeeded, so a failed connect changes nothing and
 * keeps its one-line error. A tenant that has synced already without a start date keeps syncing
 * as it did, unless a date is given.
 */
export async function startDateOnConnect(
  ctx: { store(): Promise<import('../store/db.js').Store>; info(message: string): void; warn(message: string): void },
  tenantId: string,
  given: string | undefined,
  io: StartDateIo,
): Promise<{ save(): Promise<void> }> {
  const { requireTenant, updateTenantSettings } = await import('../store/queries/tenants.js');
  const { hasCursors } = await import('../store/queries/cursors.js');
  const { parseSettings } = await import('../sync/settings.js');
  const nothing = { save: () => Promise.resolve() };
  const date = given === undefined ? undefined : parseStartDate(given);
  const store = await ctx.store();
  const tenant = await requireTenant(store.db, tenantId);
  const settings = parseSettings(tenant.id, tenant.settings);
  if (settings.startDate !== undefined) {
    if (date !== undefined && date !== settings.startDate) {
      ctx.warn(
        `note: tenant '${tenantId}' already has start date ${settings.startDate}; --start-date is ignored. Change it with \`ml-connector tenant settings ${tenantId} --start-date ${date}\`.`,
      );
    }
    return nothing;
  }
  if (date === undefined && (await hasCursors(store.db, tenant.id))) return nothing;
  const choice = await chooseStartDate(date, io);
  return {
    async save() {
      const now = parseSettings(tenant.id, (await requireTenant(store.db, tenantId)).settings);
      await updateTenantSettings(store.db, tenant.id, { ...now, startDate: choice.date });
      if (choice.how === 'default') ctx.info(defaultNotice(tenantId, choice.date));
      else ctx.info(`Start date of tenant '${tenantId}': ${choice.date}.`);
    },
  };
}

function defaultNotice(tenant: string, date: string): string {
  return (
    `Start date of tenant '${tenant}' set to ${date} (the default: the first day of this month); older POs and invoices are left out. ` +
    `Change it with \`ml-connector tenant settings ${tenant} --start-date DATE\`.`
  );
}
