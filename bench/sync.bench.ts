/**
 * Sync throughput: a generated tenant through every flow against both simulators with their
 * rate limits lifted, so the figure is the connector's own cost (mapping, links, lookups,
 * SQLite writes, HTTP round trips on loopback) — not Coupa's 25 requests/s.
 */
import { generateDataset } from '../src/sandbox/generator/index.js';
import { writes } from '../src/sync/report.js';
import { startWorld } from '../test/helpers/world.js';
import { median } from './machine.js';

export interface SyncResult {
  records: number;
  firstSyncMs: number;
  recordsPerSecond: number;
  noopSyncMs: number;
  writes: number;
}

async function once(records: number, seed: number): Promise<SyncResult> {
  const data = generateDataset({ seed, scale: records });
  const world = await startWorld({ coupaData: data.coupa, freshbooksData: data.freshbooks, unlimited: true });
  try {
    await world.settings({});
    const t0 = performance.now();
    const first = await world.sync();
    const t1 = performance.now();
    const again = await world.sync({ full: true });
    const t2 = performance.now();
    if (writes(again) !== 0) throw new Error(`the second sync wrote ${writes(again)} records`);
    return { records, firstSyncMs: t1 - t0, recordsPerSecond: (records / (t1 - t0)) * 1000, noopSyncMs: t2 - t1, writes: writes(first) };
  } finally {
    await world.close();
  }
}

export async function benchSync(records: number, runs: number): Promise<SyncResult & { runs: number }> {
  const results: SyncResult[] = [];
  for (let i = 0; i < runs; i++) results.push(await once(records, 11 + i));
  return {
    runs,
    records,
    firstSyncMs: median(results.map((r) => r.firstSyncMs)),
    recordsPerSecond: median(results.map((r) => r.recordsPerSecond)),
    noopSyncMs: median(results.map((r) => r.noopSyncMs)),
    writes: median(results.map((r) => r.writes)),
  };
}
