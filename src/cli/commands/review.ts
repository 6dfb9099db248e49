import type { Command } from 'commander';
import { UsageError } from '../../lib/errors.js';
import type { Review } from '../../store/queries/reviews.js';
import type { ReviewChoice } from '../../sync/review.js';
import { argument } from '../options.js';
import { action, EXIT_FAILURE, withExample, type ProgramIo } from '../program.js';

function describeReview(r: Review): string {
  if (r.kind === 'bill') {
    const i = r.invoice;
    const head = `${r.id}  invoice ${i.invoiceNumber} dated ${i.invoiceDate} totals ${i.total} ${i.currency} (supplier ${r.supplierId} "${r.supplierName}"): ${r.reason === 'near' ? 'a possible hand-keyed bill' : 'several possible hand-keyed bills'}${r.status === 'resolved' ? `  resolved: ${r.resolution?.action ?? '?'}${r.resolution?.billId ? ` → bill ${r.resolution.billId}` : ''}` : ''}`;
    const candidates = r.candidates.map(
      (c) => `    candidate bill ${c.billId}: "${c.billNumber ?? ''}" dated ${c.issueDate} totals ${c.total} ${c.currency} — ${c.why}`,
    );
    return [head, ...candidates].join('\n');
  }
  const head = `${r.id}  supplier ${r.supplierId} "${r.supplierName}"  (${r.reason === 'near' ? 'near match' : 'several vendors with this name'})${r.status === 'resolved' ? `  resolved: ${r.resolution?.action} → vendor ${r.resolution?.vendorId}` : ''}`;
  const candidates = r.candidates.map((c) => `    candidate vendor ${c.vendorId}: "${c.name}"`);
  return [head, ...candidates].join('\n');
}

export function registerReview(program: Command, io: ProgramIo): void {
  const review = program
    .command('review')
    .description(
      'suppliers whose name nearly matches a FreshBooks vendor, and invoices whose bill a person may have keyed by hand, wait here for a person: link them to a vendor (a bill), or create a new one',
    );
  withExample(review, 'ml-connector review list --tenant acme', 'ml-connector review resolve rev_01… --link 5');

  withExample(
    review
      .command('list')
      .description('list the suppliers and invoices waiting for review, with their candidate vendors or bills')
      .requiredOption('--tenant <tenant>', 'the tenant')
      .option('--all', 'include resolved reviews')
      .action(
        action<{ tenant: string; all?: boolean }>(io, async (ctx, opts) => {
          const { listReviews } = await import('../../store/queries/reviews.js');
          const { requireTenant } = await import('../../store/queries/tenants.js');
          const store = await ctx.store();
          await requireTenant(store.db, opts.tenant);
          const reviews = await listReviews(store.db, opts.tenant, opts.all ? 'all' : 'open');
          ctx.print({ reviews }, () => {
            if (reviews.length === 0) return opts.all ? 'No reviews.' : 'Nothing waits for review.';
            return reviews
              .map(describeReview)
              .concat(opts.all ? [] : ['', 'Resolve with `ml-connector review resolve ID --link VENDOR_ID|BILL_ID` or `--create`.'])
              .join('\n');
          });
        }),
      ),
    'ml-connector review list --tenant acme',
  );

  withExample(
    review
      .command('resolve <id>')
      .description(
        'link the supplier to an existing vendor (--link VENDOR_ID) or create a new vendor for it (--create), its records flow on the next sync; for an invoice: adopt a candidate bill (--link BILL_ID) or create a new bill (--create), synced now with its payments',
      )
      .option('--link <id>', 'the FreshBooks vendor to link the supplier to, or the bill to adopt for the invoice')
      .option('--create', 'create a new FreshBooks vendor from the Coupa supplier, or a new bill for the invoice')
      .action(
        action<{ link?: string; create?: boolean }>(io, async (ctx, opts, command) => {
          const { tenantPorts } = await import('../../app/tenant-deps.js');
          const { loadReview } = await import('../../app/reviews.js');
          const { syncStateFor } = await import('../../app/sync-state.js');
          const { resolveReview } = await import('../../sync/review.js');
          const id = argument(command, 0, 'the review id');
          if ((opts.link === undefined) === (opts.create !== true)) {
            throw new UsageError(
              'Give exactly one of --link VENDOR_ID or --create.',
              `See the candidates with \`ml-connector review list --tenant T\`.`,
            );
          }
          const store = await ctx.store();
          const found = await loadReview(store, id);
          if (found.kind === 'bill') {
            const { syncDepsFor } = await import('../../app/tenant-deps.js');
            const { resolveBillReview } = await import('../../sync/bill-review.js');
            const { failures } = await import('../../sync/report.js');
            const deps = await syncDepsFor(await ctx.tenantScope(found.tenantId));
            const out = await resolveBillReview(
              deps,
              found,
              opts.link !== undefined ? { action: 'link', billId: opts.link } : { action: 'create' },
            );
            const what = out.billId === undefined ? 'has no bill now' : `${out.created ? 'got a new bill' : 'adopted bill'} ${out.billId}`;
            ctx.print(
              {
                review: id,
                kind: 'bill',
                invoiceId: out.invoiceId,
                billId: out.billId ?? null,
                created: out.created,
                failures: failures(out.report),
              },
              `Invoice ${out.invoiceNumber} ${what}; its payments were synced.`,
            );
            return failures(out.report) > 0 ? EXIT_FAILURE : undefined;
          }
          const choice: ReviewChoice = opts.link !== undefined ? { action: 'link', vendorId: opts.link } : { action: 'create' };
          const ports = await tenantPorts(await ctx.tenantScope(found.tenantId));
          const result = await resolveReview({ state: syncStateFor(store, found.tenantId), ...ports }, found, choice);
          ctx.print(
            { review: id, supplierId: found.supplierId, ...result },
            `Supplier ${found.supplierId} "${found.supplierName}" ${result.created ? 'got a new vendor' : 'is linked to vendor'} ${result.vendorId} "${result.vendorName}". Its records flow on the next \`ml-connector sync --tenant ${found.tenantId}\`.`,
          );
        }),
      ),
    'ml-connector review resolve rev_01j9… --link 5',
    'ml-connector review resolve rev_01j9… --create',
  );
}
