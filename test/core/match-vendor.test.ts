import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { indexVendors, matchVendor } from '../../src/core/match-vendor.js';
import { supplier, vendor } from './fixtures.js';

describe('matchVendor', () => {
  const vendors = [vendor('7', 'Globex'), vendor('5', 'ACME Inc'), vendor('9', 'Initech LLC')];

  it('links the one vendor with the same normalised name', () => {
    expect(matchVendor('  acme   INC ', vendors)).toEqual({ kind: 'exact', vendor: vendors[1] });
    expect(matchVendor(supplier({ name: 'Globex' }), vendors)).toEqual({ kind: 'exact', vendor: vendors[0] });
  });

  it('sends a near match (punctuation, suffix, accents) to review', () => {
    expect(matchVendor('Acme Inc.', vendors)).toEqual({ kind: 'near', candidates: [vendors[1]] });
    expect(matchVendor('ÁCME, LLC', vendors)).toEqual({ kind: 'near', candidates: [vendors[1]] });
    expect(matchVendor('Initech', vendors)).toEqual({ kind: 'near', candidates: [vendors[2]] });
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

  it('orders near candidates by normalised name, then id', () => {
    const vs = [vendor('9', 'Acme LLC'), vendor('2', 'ACME, Inc.'), vendor('4', 'Acme LLC')];
    const m = matchVendor('Acme GmbH', vs);
    // 'acme llc' sorts before 'acme, inc.' (space < comma in code units)
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

  it('is not changed by matching', () => {
    const index = indexVendors([vendor('1', 'Acme Inc'), vendor('2', 'acme inc')]);
    const m = matchVendor('Acme Inc', index);
    if (m.kind === 'ambiguous') m.candidates.pop();
    expect(index.exact.get('acme inc')).toHaveLength(2);
  });
});
