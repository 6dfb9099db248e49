import type { Command } from 'commander';
import { UsageError } from '../../lib/errors.js';
import type { TenantSettings } from '../../sync/settings.js';
import { argument, wholeNumber } from '../options.js';
import { defaultStartDate, parseStartDate } from '../start-date.js';
import { action, withExample, type ProgramIo } from '../program.js';

export function registerTenant(program: Command, io: ProgramIo): void {
  const tenant = program.command('tenant').description('create and list tenants (one per customer)');
  withExample(tenant, 'ml-connector tenant add acme', 'ml-connector tenant list --json');

  withExample(
    tenant
      .command('add <tenant>')
      .description('create a tenant; its name appears in webhook URLs (lowercase letters, digits, - and _)')
      .option('--start-date <date>', 'POs and invoices dated from this day on become bills (default: the first day of this month, UTC)')
      .action(
        action<{ startDate?: string }>(io, async (ctx, opts, command) => {
          const { addTenant, updateTenantSettings } = await import('../../store/queries/tenants.js');
          const name = argument(command, 0, 'the tenant name');
          const startDate = opts.startDate === undefined ? defaultStartDate() : parseStartDate(opts.startDate);
          const store = await ctx.store();
          const created = await addTenant(store.db, name);
          await updateTenantSettings(store.db, created.id, { ...created.settings, startDate });
          ctx.print(
            { tenant: created.id, createdAt: new Date(created.createdAt).toISOString(), startDate },
            `Tenant '${created.id}' created, start date ${startDate}: POs and invoices dated from then on become bills` +
              `${opts.startDate === undefined ? ` (change it with \`ml-connector tenant settings ${created.id} --start-date DATE\`)` : ''}.\nNext: \`ml-connector connect coupa --tenant ${created.id} …\` and \`ml-connector connect freshbooks --tenant ${created.id} …\``,
          );
        }),
      ),
    'ml-connector tenant add acme',
  );

  withExample(
    tenant
      .command('list')
      .description('list tenants and the state of their two connections')
      .action(
        action(io, async (ctx) => {
          const { listTenants } = await import('../../store/queries/tenants.js');
          const { listCredentials } = await import('../../store/queries/credentials.js');
          const store = await ctx.store();
          const tenants = await listTenants(store.db);
          const rows = await Promise.all(
            tenants.map(async (t) => {
              const creds = await listCredentials(store.db, t.id);
              const state = (p: string) => creds.find((c) => c.provider === p)?.status ?? 'not connected';
              return {
                tenant: t.id,
                createdAt: new Date(t.createdAt).toISOString(),
                coupa: state('coupa'),
                freshbooks: state('freshbooks'),
              };
            }),
          );
          ctx.print({ tenants: rows }, () =>
            rows.length === 0
              ? 'No tenants yet. Create one with `ml-connector tenant add <name>`.'
              : [
                  'TENANT'.padEnd(24) + 'COUPA'.padEnd(16) + 'FRESHBOOKS',
                  ...rows.map((r) => r.tenant.padEnd(24) + r.coupa.padEnd(16) + r.freshbooks),
                ].join('\n'),
          );
        }),
      ),
    'ml-connector tenant list',
  );

  withExample(
    tenant
      .command('settings <tenant>')
      .description(
        'show or change how a tenant syncs: expense categories for bill lines, the cost-centre segment, marking records exported',
      )
      .option('--default-category <id>', 'FreshBooks expense category for lines no mapping matches')
      .option('--charges-category <id>', 'category for an invoice’s charge lines (tax, shipping, handling, misc)')
      .option('--charge-category <kind=id>', 'category for one kind of charge: tax, shipping, handling or misc (repeatable)', collect, [])
      .option('--map-account <code=id>', 'Coupa account code → category (repeatable)', collect, [])
      .option('--map-commodity <name=id>', 'Coupa commodity → category (repeatable)', collect, [])
      .option('--map-segment <n:value=id>', 'value of account segment n → category (repeatable, one n)', collect, [])
      .option('--cost-centre-segment <n>', 'account segment (1–20) that names the cost centre, for payment allocation')
      .option('--mark-exported <on|off>', 'mark POs and invoices exported in Coupa once their bill is written')
      .option('--overlap-seconds <n>', 'how far before its cursor each Coupa poll reaches')
      .option(
        '--deleted-bills <ask|recreate>',
        'a bill a person deleted while its record still needs one: list it for a person, or write a new one',
      )
      .option(
        '--currencies <codes>',
        'the currencies the FreshBooks business keeps its books in (e.g. USD,EUR); others go to a person; "any" clears it',
      )
      .option('--retry-budget <n>', 'passes a failing record is retried before it goes to the attention list')
      .option(
        '--start-date <date>',
        'POs and invoices dated from this day on become bills; earlier than before: the next sync reads the older ones',
      )
      .action(
        action<SettingsOptions>(io, async (ctx, opts, command) => {
          const { requireTenant, updateTenantSettings } = await import('../../store/queries/tenants.js');
          const { parseSettings } = await import('../../sync/settings.js');
          const { changeStartDate, describeStartDateChange } = await import('../../app/start-date.js');
          const startDate = opts.startDate === undefined ? undefined : parseStartDate(opts.startDate);
          const store = await ctx.store();
          const found = await requireTenant(store.db, argument(command, 0, 'the tenant'));
          const current = parseSettings(found.id, found.settings);
          let next = applySettingOptions(current, opts);
          const changed = JSON.stringify(next) !== JSON.stringify(current) || (startDate !== undefined && startDate !== current.startDate);
          if (changed) await updateTenantSettings(store.db, found.id, parseSettings(found.id, next));
          const change =
            startDate === undefined ? undefined : await changeStartDate(store.db, found.id, parseSettings(found.id, next), startDate);
          if (startDate !== undefined) next = { ...next, startDate };
          ctx.print(
            { tenant: found.id, changed, settings: next, ...(change ? { startDateChange: change } : {}) },
            () =>
              `${change ? `${describeStartDateChange(change)}\n` : ''}${changed ? 'Updated' : 'Settings of'} tenant '${found.id}':\n${JSON.stringify(next, null, 2)}`,
          );
        }),
      ),
    'ml-connector tenant settings acme',
    'ml-connector tenant settings acme --default-category 2003168 --map-account NW-OPS-6100=2003170 --cost-centre-segment 2',
    'ml-connector tenant settings acme --charge-category shipping=2003175 --charge-category tax=2003176',
  );
}

interface SettingsOptions {
  defaultCategory?: string;
  chargesCategory?: string;
  chargeCategory: string[];
  mapAccount: string[];
  mapCommodity: string[];
  mapSegment: string[];
  costCentreSegment?: string;
  markExported?: string;
  overlapSeconds?: string;
  deletedBills?: string;
  currencies?: string;
  retryBudget?: string;
  startDate?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function pair(flag: string, text: string): [string, string] {
  const at = text.lastIndexOf('=');
  if (at <= 0 || at === text.length - 1) throw new UsageError(`${flag} expects KEY=CATEGORY_ID; got '${text}'.`);
  return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

function applySettingOptions(current: TenantSettings, opts: SettingsOptions): TenantSettings {
  const mapping = { ...current.categoryMapping };
  if (opts.defaultCategory) mapping.defaultCategoryId = opts.defaultCategory;
  if (opts.chargesCategory) mapping.chargesCategoryId = opts.chargesCategory;
  for (const text of opts.chargeCategory) {
    const [kind, id] = pair('--charge-category', text);
    if (kind !== 'tax' && kind !== 'shipping' && kind !== 'handling' && kind !== 'misc') {
      throw new UsageError(`--charge-category takes tax, shipping, handling or misc before the '='; got '${kind}'.`);
    }
    mapping.chargeCategories = { ...mapping.chargeCategories, [kind]: id };
  }
  if (opts.mapAccount.length > 0)
    mapping.byAccountCode = { ...mapping.byAccountCode, ...Object.fromEntries(opts.mapAccount.map((t) => pair('--map-account', t))) };
  if (opts.mapCommodity.length > 0)
    mapping.byCommodity = { ...mapping.byCommodity, ...Object.fromEntries(opts.mapCommodity.map((t) => pair('--map-commodity', t))) };
  for (const text of opts.mapSegment) {
    const [, segment, entry = ''] = /^(\d+):(.+)$/.exec(text) ?? [];
    if (segment === undefined) throw new UsageError(`--map-segment expects N:VALUE=CATEGORY_ID; got '${text}'.`);
    const index = wholeNumber(segment, '--map-segment', 1, 20);
    const [value, id] = pair('--map-segment', entry);
    if (mapping.bySegment && mapping.bySegment.segmentIndex !== index) {
      throw new UsageError(`Segment mappings use segment ${mapping.bySegment.segmentIndex} already; one segment only.`);
    }
    mapping.bySegment = { segmentIndex: index, map: { ...mapping.bySegment?.map, [value]: id } };
  }
  const next: TenantSettings = { ...current, categoryMapping: mapping };
  if (opts.costCentreSegment !== undefined) next.costCentreSegment = wholeNumber(opts.costCentreSegment, '--cost-centre-segment', 1, 20);
  if (opts.overlapSeconds !== undefined) next.overlapSeconds = wholeNumber(opts.overlapSeconds, '--overlap-seconds', 0, 86_400);
  if (opts.markExported !== undefined) {
    if (!['on', 'off'].includes(opts.markExported)) throw new UsageError(`--mark-exported must be on or off; got '${opts.markExported}'.`);
    next.markExported = opts.markExported === 'on';
  }
  if (opts.deletedBills !== undefined) {
    if (opts.deletedBills !== 'ask' && opts.deletedBills !== 'recreate') {
      throw new UsageError(`--deleted-bills must be ask or recreate; got '${opts.deletedBills}'.`);
    }
    next.deletedBills = opts.deletedBills;
  }
  if (opts.currencies !== undefined) {
    const codes = opts.currencies.trim().toLowerCase() === 'any' ? [] : opts.currencies.split(',').map((c) => c.trim().toUpperCase());
    const bad = codes.filter((c) => !/^[A-Z]{3}$/.test(c));
    if (bad.length > 0)
      throw new UsageError(`--currencies takes three-letter ISO codes separated by commas (e.g. USD,EUR); got '${bad.join("', '")}'.`);
    if (codes.length === 0) delete next.currencies;
    else next.currencies = [...new Set(codes)];
  }
  if (opts.retryBudget !== undefined) next.retryBudget = wholeNumber(opts.retryBudget, '--retry-budget', 1, 100);
  return next;
}
