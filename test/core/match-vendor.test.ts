import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { indexVendors, MAX_NEAR_CANDIDATES, matchVendor, nearVendors, withVendor } from '../../src/core/match-vendor.js';
import { NEAR_THRESHOLD, nameSimilarity } from '../../src/core/name-similarity.js';
import { normaliseName } from '../../src/core/names.js';
import { compareIds, type Vendor } from '../../src/core/records.js';
import { supplier, vendor } from './fixtures.js';
import { businessName, variantsOf } from './names-arbitrary.js';

describe('matchVendor', () => {
  const vendors = [vendor('7', 'Globex'), vendor('5', 'ACME Inc'), vendor('9', 'Initech LLC')];

  it('links the one vendor with the same normalised name', () => {
    expect(matchVendor('  acme   INC ', vendors)).toEqual({ kind: 'exact', vendor: vendors[1] });
    expect(matchVendor(supplier({ name: 'Globex' }), vendors)).toEqual({ kind: 'exact', vendor: vendors[0] });
  });

  it('sends a near match (punctuation, suffix, accents) to review', () => {
    expect(matchVendor('Acme Inc.', vendors)).toEqual({ kind: 'near', candidates: [vendors[1]], scores: [1] });
    expect(matchVendor('ÁCME, LLC', vendors)).toEqual({ kind: 'near', candidates: [vendors[1]], scores: [1] });
    expect(matchVendor('Initech', vendors)).toEqual({ kind: 'near', candidates: [vendors[2]], scores: [1] });
  });

  it('sends a similar name (word forms, typos, transliteration) to review, with its score', () => {
    const m = matchVendor('Acme Industrial', [vendor('1', 'Acme Industries')]);
    expect(m).toEqual({
      kind: 'near',
      candidates: [vendor('1', 'Acme Industries')],
      scores: [nameSimilarity('Acme Industrial', 'Acme Industries')],
    });
    expect(matchVendor('Mueller Logistik', [vendor('2', 'Müller Logistik GmbH')]).kind).toBe('near');
    expect(matchVendor('Globex Corp', [vendor('3', 'Globex Corporation')]).kind).toBe('near');
  });

  it('ranks near candidates by score, the same loose name first', () => {
    const vs = [
      vendor('1', 'Acme Industrial Supply'), // contains the name: 0.9
      vendor('2', 'Acme Industries'), // word forms: 0.99
      vendor('3', 'ACME Industrial, LLC'), // same loose name: 1
      vendor('4', 'Acme Logistics'), // apart
    ];
    const m = matchVendor('Acme Industrial', vs);
    expect(m.kind === 'near' && m.candidates.map((v) => v.id)).toEqual(['3', '2', '1']);
    expect(m.kind === 'near' && m.scores).toEqual([1, nameSimilarity('Acme Industrial', 'Acme Industries'), 0.9]);
  });

  it(`shows at most ${MAX_NEAR_CANDIDATES} near candidates, the most similar`, () => {
    const vs = Array.from({ length: 15 }, (_, i) =>
      vendor(String(i + 1), `Acme Industrial ${i % 2 ? 'LLC' : 'Supply'} ${'X'.repeat(i + 1)}`.replace(/ X+$/, '')),
    );
    vs.push(...Array.from({ length: 12 }, (_, i) => vendor(String(100 + i), `ACME Industrial${'.'.repeat(i + 1)}`)));
    const m = matchVendor('Acme Industrial', vs);
    expect(m.kind === 'near' && m.candidates).toHaveLength(MAX_NEAR_CANDIDATES);
    expect(m.kind === 'near' && m.scores.every((s) => s === 1)).toBe(true);
  });

  it('prefers the exact match when near ones exist too', () => {
    const vs = [vendor('1', 'Acme Inc.'), vendor('2', 'Acme Inc'), vendor('3', 'ACME LLC')];
    expect(matchVendor('acme inc', vs)).toEqual({ kind: 'exact', vendor: vs[1] });
  });

  it('reports several exact matches as ambiguous, in a stable order', () => {
    const vs = [vendor('12', 'acme inc'), vendor('3', 'ACME INC'), vendor('100', 'Acme  Inc')];
    const m = matchVendor('Acme Inc', vs);
    expect(m.kind).toBe('ambiguous');
    expect(m.kind === 'ambiguous' && m.candidates.map((v) => v.id)).toEqual(['3', '12', '100']);
  });

  it('orders near candidates of the same score by normalised name, then id', () => {
    const vs = [vendor('9', 'Acme LLC'), vendor('2', 'ACME, Inc.'), vendor('4', 'Acme LLC')];
    const m = matchVendor('Acme GmbH', vs);
    // All score 1; 'acme llc' sorts before 'acme, inc.' (space < comma in code units)
    expect(m.kind === 'near' && m.candidates.map((v) => v.id)).toEqual(['4', '9', '2']);
  });

  it('finds nothing for an unrelated or blank name', () => {
    expect(matchVendor('Umbrella Corp', vendors)).toEqual({ kind: 'none' });
    expect(matchVendor('   ', [vendor('1', ''), ...vendors])).toEqual({ kind: 'none' });
    expect(matchVendor('...', [vendor('1', '!!!')])).toEqual({ kind: 'none' });
  });

  it('ignores deleted vendors but not archived ones', () => {
    expect(matchVendor('Acme Inc', [vendor('5', 'ACME Inc', { visState: 1 })])).toEqual({ kind: 'none' });
    const archived = vendor('5', 'ACME Inc', { visState: 2 });
    expect(matchVendor('Acme Inc', [archived])).toEqual({ kind: 'exact', vendor: archived });
  });

  it('does not depend on the order of the vendor list', () => {
    const pool = [
      vendor('1', 'Acme Inc'),
      vendor('2', 'ACME INC'),
      vendor('3', 'Acme LLC'),
      vendor('4', 'Acme, Inc.'),
      vendor('5', 'Globex'),
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(pool), fc.constantFrom('Acme Inc', 'acme llc', 'ACME GmbH', 'Globex', 'Nope'), (vs, name) => {
        expect(matchVendor(name, [...vs].reverse())).toEqual(matchVendor(name, vs));
      }),
    );
  });
});

describe('indexVendors', () => {
  it('gives the same answers as the plain list', () => {
    const pool = [
      vendor('1', 'Acme Inc'),
      vendor('2', 'ACME INC'),
      vendor('3', 'Acme LLC'),
      vendor('4', 'Acme, Inc.'),
      vendor('5', 'Globex'),
      vendor('6', 'Globex', { visState: 1 }),
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(pool), fc.constantFrom('Acme Inc', 'acme llc', 'ACME GmbH', 'Globex', 'Nope', ''), (vs, name) => {
        expect(matchVendor(name, indexVendors(vs))).toEqual(matchVendor(name, vs));
      }),
    );
  });

  it('with a vendor added or replaced equals the index built from the new list', () => {
    const pool = [vendor('1', 'Acme Inc'), vendor('2', 'Globex'), vendor('3', 'Initech LLC')];
    fc.assert(
      fc.property(
        fc.subarray(pool),
        fc.constantFrom('1', '4'),
        businessName,
        fc.constantFrom(0, 1, 2),
        businessName,
        (vs, id, name, vis, query) => {
          const added = vendor(id, name, { visState: vis === 0 ? 0 : vis === 1 ? 1 : 2 });
          const expected = indexVendors([...vs.filter((v) => v.id !== id), added]);
          const actual = withVendor(indexVendors(vs), added);
          expect(matchVendor(query, actual)).toEqual(matchVendor(query, expected));
          expect(matchVendor(name, actual)).toEqual(matchVendor(name, expected));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is not changed by matching', () => {
    const index = indexVendors([vendor('1', 'Acme Inc'), vendor('2', 'acme inc')]);
    const m = matchVendor('Acme Inc', index);
    if (m.kind === 'ambiguous') m.candidates.pop();
    expect(index.exact.get('acme inc')).toHaveLength(2);
  });
});

/** What the index must find: every vendor scored, no prefilter. */
function bruteForce(name: string, vendors: readonly Vendor[]): { vendor: Vendor; score: number }[] {
  return vendors
    .filter((v) => v.visState !== 1)
    .map((v) => ({ vendor: v, score: nameSimilarity(name, v.name) }))
    .filter((x) => x.score >= NEAR_THRESHOLD)
    .sort((a, b) => {
      const ka = normaliseName(a.vendor.name);
      const kb = normaliseName(b.vendor.name);
      return b.score - a.score || (ka < kb ? -1 : ka > kb ? 1 : compareIds(a.vendor.id, b.vendor.id));
    });
}

describe('nearVendors', () => {
  const pool = fc
    .array(fc.tuple(businessName, fc.constantFrom<0 | 1 | 2>(0, 0, 0, 1, 2)), { maxLength: 40 })
    .map((names) => names.map(([name, visState], i) => vendor(String(i + 1), name, { visState })));

  it('finds exactly what scoring every vendor finds (the prefilter never drops a near vendor)', () => {
    fc.assert(
      fc.property(pool, businessName, (vendors, name) => {
        expect(nearVendors(name, indexVendors(vendors), Infinity)).toEqual(bruteForce(name, vendors));
      }),
      { numRuns: 500 },
    );
  });

  it('finds exactly what scoring every vendor finds, among typos of one name', () => {
    fc.assert(
      fc.property(
        businessName.chain((base) => fc.tuple(variantsOf(base), variantsOf(base))),
        ([names, suppliers]) => {
          const vendors = names.map((name, i) => vendor(String(i + 1), name));
          const index = indexVendors(vendors);
          for (const name of suppliers) expect(nearVendors(name, index, Infinity)).toEqual(bruteForce(name, vendors));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('links automatically only on one exact normalised-name match', () => {
    fc.assert(
      fc.property(pool, businessName, (vendors, name) => {
        const m = matchVendor(name, vendors);
        const same = vendors.filter((v) => v.visState !== 1 && normaliseName(v.name) === normaliseName(name) && normaliseName(name) !== '');
        if (m.kind === 'exact') expect(same).toEqual([m.vendor]);
        else expect(same.length === 1).toBe(false);
        if (m.kind === 'near') expect(m.scores.every((s) => s >= NEAR_THRESHOLD)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
