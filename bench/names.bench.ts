/**
 * Vendor matching cost: a supplier matched against every vendor of a big account, as the
 * supplier flow does once per supplier. Budget: well under 10 ms per supplier at 5,000 vendors.
 *
 *   node bin/run-ts.js bench/names.bench.ts [--vendors N] [--suppliers N]
 *
 * Names are synthetic and seeded: invented words (so most names are unrelated, as in a real
 * vendor master) with business words and legal forms, family names joined by "&", and for the
 * suppliers a mix of exact copies, typos, other legal forms, and names not in the account.
 */
import { pathToFileURL } from 'node:url';
import { seededRandom, type Random } from '../src/lib/random.js';
import { indexVendors, matchVendor } from '../src/core/match-vendor.js';
import type { Vendor } from '../src/core/records.js';
import { median } from './machine.js';

const SYLLABLES = ['ka', 'ven', 'tor', 'lix', 'mar', 'bel', 'qu', 'ser', 'dor', 'an', 'tri', 'no', 'vo', 'rex', 'lum', 'sta', 'gra', 'fen'];
const WORDS = ['Industrial', 'Logistics', 'Consulting', 'Systems', 'Supply', 'Services', 'Partners', 'Electric', 'Foods', 'Labs', 'Group'];
const FORMS = ['Inc.', 'LLC', 'Ltd', 'GmbH', 'S.A.', 'Pty Ltd', 'Co.', 'K.K.', 'Sp. z o.o.', 'AB', ''];
const FAMILIES = ['Okafor', 'Müller', "O'Connor", 'Nakamura', 'Dubois', 'García', 'Smith', 'Kowalski', 'Chen', 'Brennan', 'Hart', 'Finch'];

function word(rng: Random): string {
  let w = '';
  for (let i = rng.int(2, 3); i > 0; i--) w += rng.pick(SYLLABLES);
  return w.charAt(0).toUpperCase() + w.slice(1);
}

function companyName(rng: Random): string {
  const r = rng.next();
  const stem =
    r < 0.6
      ? `${word(rng)} ${rng.pick(WORDS)}`
      : r < 0.8
        ? `${rng.pick(FAMILIES)} & ${rng.pick(FAMILIES)} ${rng.pick(WORDS)}`
        : `${word(rng)} ${word(rng)}`;
  return `${stem} ${rng.pick(FORMS)}`.trim();
}

function typo(rng: Random, name: string): string {
  const i = rng.int(1, name.length - 2);
  return name.slice(0, i) + name.charAt(i + 1) + name.charAt(i) + name.slice(i + 2);
}

export interface NamesResult {
  vendors: number;
  suppliers: number;
  indexMs: number;
  medianMatchMs: number;
  /** CPU time per supplier: what the matching costs when the machine is shared. */
  cpuPerMatchMs: number;
  p95MatchMs: number;
  maxMatchMs: number;
  kinds: Record<string, number>;
}

export function benchNames(vendorCount: number, supplierCount: number, seed = 7): NamesResult {
  const rng = seededRandom(seed);
  const vendors: Vendor[] = Array.from({ length: vendorCount }, (_, i) => ({ id: String(i + 1), name: companyName(rng) }));
  const suppliers = Array.from({ length: supplierCount }, () => {
    const base = rng.pick(vendors).name;
    const r = rng.next();
    return r < 0.25 ? base : r < 0.5 ? typo(rng, base) : r < 0.6 ? `${base.replace(/ \S+$/, '')} Corporation` : companyName(rng);
  });

  const t0 = performance.now();
  const index = indexVendors(vendors);
  const indexMs = performance.now() - t0;

  // The first matches compile the code (a pass matches many suppliers, so that is paid once).
  for (const name of suppliers.slice(0, 50)) matchVendor(name, index);
  const times: number[] = [];
  const kinds: Record<string, number> = {};
  const cpu0 = process.cpuUsage();
  for (const name of suppliers) {
    const start = performance.now();
    const m = matchVendor(name, index);
    times.push(performance.now() - start);
    kinds[m.kind] = (kinds[m.kind] ?? 0) + 1;
  }

  const cpu = process.cpuUsage(cpu0);
  const sorted = [...times].sort((a, b) => a - b);
  return {
    vendors: vendorCount,
    suppliers: supplierCount,
    indexMs,
    medianMatchMs: median(times),
    cpuPerMatchMs: (cpu.user + cpu.system) / 1000 / supplierCount,
    p95MatchMs: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
    maxMatchMs: sorted[sorted.length - 1] ?? 0,
    kinds,
  };
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = benchNames(arg('vendors', 5000), arg('suppliers', 500));
  console.log(`vendor matching: ${r.suppliers} suppliers against ${r.vendors} vendors`);
  console.log(`  index build     ${r.indexMs.toFixed(1)} ms (once per pass; the first build also compiles the code)`);
  console.log(
    `  per supplier    median ${r.medianMatchMs.toFixed(3)} ms, p95 ${r.p95MatchMs.toFixed(3)} ms, max ${r.maxMatchMs.toFixed(3)} ms; CPU ${r.cpuPerMatchMs.toFixed(3)} ms on average`,
  );
  console.log(`  outcomes        ${JSON.stringify(r.kinds)}`);
}
