import type { Command } from 'commander';
import { UsageError } from '../../lib/errors.js';
import type { ReviewChoice } from '../../sync/review.js';
import { argument } from '../options.js';
import { action, withExample, type ProgramIo } from '../program.js';

export function registerReview(program: Command, io: ProgramIo): void {
  const review = program
    .command('review')
    .description(
      'suppliers whose name nearly matches a FreshBooks vendor wait here for a person: link them to a vendor, or create a new one',
    );
  withExample(review, 'ml-connector review list --tenant acme', 'ml-connector review resolve rev_01… --link 5');

  withExample(
    review
      .command('list')
      .description('list the suppliers waiting for review, with their candidate vendors')
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
              .map((r) => {
                const head = `${r.id}  supplier ${r.supplierId} "${r.supplierName}"  (${r.reason === 'near' ? 'near match' : 'several vendors with this name'})${r.status === 'resolved' ? `  resolved: ${r.resolution?.action} → vendor ${r.resolution?.vendorId}` : ''}`;
                const candidates = r.candidates.map((c) => `    candidate vendor ${c.vendorId}: "${c.name}"`);
                return [head, ...candidates].join('\n');
              })
              .concat(opts.all ? [] : ['', 'Resolve with `ml-connector review resolve ID --link VENDOR_ID` or `--create`.'])
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
        'link the supplier to an existing vendor (--link VENDOR_ID) or create a new vendor for it (--create); its records flow on the next sync',
      )
      .option('--link <vendorId>', 'the FreshBooks vendor to link the supplier to')
      .option('--create', 'create a new FreshBooks vendor from the Coupa supplier')
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
