/**
 * Two passes of the same tenant at once — say a CLI sync while `serve` polls — never write
 * the same thing twice: each record's look-then-write runs under its lease.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/sandbox/generator/index.js';
import { failures, writes } from '../../src/sync/report.js';
import { storeTargets } from '../helpers/stores.js';
import { startWorld, type World } from '../helpers/world.js';

describe.each(storeTargets)('concurrent passes on $name', (target) => {
  let world: World;
  beforeEach(async () => {
    const data = generateDataset({ seed: 5, scale: 120 });
    world = await startWorld({ target, coupaData: data.coupa, freshbooksData: data.freshbooks });
  });
  afterEach(async () => world.close());

  it('write each vendor, bill and payment once between them', async () => {
    const [a, b, c] = await Promise.all([world.sync(), world.sync(), world.sync()]);
    for (const r of [a, b, c]) expect(failures(r)).toBe(0);
    const fb = world.fb();
    const vendorNames = fb.bill_vendors.map((v) => v.vendor_name);
    expect(new Set(vendorNames).size).toBe(vendorNames.length);
    const tags = fb.bills.filter((x) => x.vis_state === 0).map((x) => `${x.vendorid}:${x.bill_number}`);
    expect(new Set(tags).size).toBe(tags.length);
    const notes = fb.bill_payments.map((p) => p.note);
    expect(new Set(notes).size).toBe(notes.length);
    // Together they did what one pass does: a further pass finds nothing to write.
    expect(writes(await world.sync({ full: true }))).toBe(0);
  });
});
