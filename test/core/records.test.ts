import { describe, expect, it } from 'vitest';
import { billStateOf, isStale } from '../../src/core/known.js';
import { compareIds, isIsoDate, normalisePoStatus, poNumbersOf } from '../../src/core/records.js';
import { d } from './fixtures.js';

describe('record helpers', () => {
  it('isIsoDate accepts real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-04-01T00:00:00Z')).toBe(false);
  });

  it('compareIds orders digit strings numerically, then the rest by code units', () => {
    expect(['10', 'b', '9', '010', 'A', '100'].sort(compareIds)).toEqual(['9', '010', '10', '100', 'A', 'b']);
    expect(compareIds('123456789012345678901234567890', '99')).toBeGreaterThan(0);
  });

  it('poNumbersOf lists distinct PO numbers in line order', () => {
    expect(
      poNumbersOf([{ lineNum: '10', poNumber: 'B' }, { lineNum: '2', poNumber: ' A ' }, { lineNum: '3' }, { lineNum: '4', poNumber: 'A' }]),
    ).toEqual(['A', 'B']);
  });

  it('normalisePoStatus accepts both cancel spellings', () => {
    expect(normalisePoStatus('Canceled')).toBe('cancelled');
    expect(normalisePoStatus('issued')).toBe('issued');
  });
});

describe('what the engine knows', () => {
  const bill = { visState: 0 as const, paid: d('0.00'), status: 'unpaid' };

  it('billStateOf: deleted, archived, has payments, open', () => {
    expect(billStateOf(bill)).toBe('open');
    expect(billStateOf({ ...bill, status: 'overdue' })).toBe('open');
    expect(billStateOf({ ...bill, paid: d('1.00'), status: 'partial' })).toBe('has-payments');
    expect(billStateOf({ ...bill, status: 'paid' })).toBe('has-payments');
    expect(billStateOf({ ...bill, visState: 1 })).toBe('deleted');
    expect(billStateOf(undefined)).toBe('deleted');
    expect(billStateOf({ ...bill, visState: 2 })).toBe('archived');
  });

  it('isStale compares instants, not text', () => {
    expect(isStale('2024-04-01T02:19:09+03:00', '2024-03-31T23:19:09Z')).toBe(false);
    expect(isStale('2024-04-01T02:19:08+03:00', '2024-03-31T23:19:09Z')).toBe(true);
    expect(isStale('2024-04-01T00:00:00Z', undefined)).toBe(false);
    expect(isStale('garbage', '2024-03-31T23:19:09Z')).toBe(false);
  });
});
