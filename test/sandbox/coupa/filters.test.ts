/**
 * Query filters against the demo data. Invoice ids: 9001 HF-2026-0117, 9002 NCH-55012,
 * 9003 NCH-55348, 9004 A-99321, 9005 JR-014, 9006 BT-2026-01, 9007 OBS-7781, 9008 KT-0042,
 * 9009 FA-2026-0031. Suppliers 101..112 (SUP-00001..12), POs 2401..2409.
 */
import { describe, expect, it } from 'vitest';
import { ids, q, ready } from './helpers.js';

async function invoiceIds(query: string): Promise<number[]> {
  const { get } = await ready();
  const res = await get(`/api/invoices?${query}`);
  expect(res.status, res.text).toBe(200);
  return ids(res);
}

describe('operators', () => {
  it.each([
    ['status=approved', [9001, 9002, 9004, 9005, 9006, 9008, 9009]],
    ['invoice-number=a-99321', [9004]],
    ['invoice-number[contains]=2026', [9001, 9006, 9009]],
    ['invoice-number[starts_with]=nch', [9002, 9003]],
    ['invoice_number[ends_with]=-01', [9006]],
    ['id[gt]=9006', [9007, 9008, 9009]],
    ['id[lt]=9003', [9001, 9002]],
    ['id[gt_or_eq]=9008', [9008, 9009]],
    ['id[lt_or_eq]=9002', [9001, 9002]],
    ['status[not_eq]=approved', [9003, 9007]],
    ['status[in]=pending_approval,voided', [9003, 9007]],
    ['status[not_in]=approved,pending_approval', []],
    ['payment-date[blank]=false', [9004]],
    ['payment-date[blank]=true', [9001, 9002, 9003, 9005, 9006, 9007, 9008, 9009]],
    ['exported=false', [9001, 9003, 9005, 9006, 9007, 9008, 9009]],
    ['exported=true', [9002, 9004]],
  ])('%s', async (query, expected) => {
    expect(await invoiceIds(query)).toEqual(expected);
  });

  it('compares decimals exactly, not as text', async () => {
    expect(await invoiceIds('gross-total[gt]=9000')).toEqual([9001, 9008, 9009]);
    expect(await invoiceIds('gross-total[lt]=1450.00')).toEqual([9006]);
    expect(await invoiceIds('gross-total[lt_or_eq]=1450')).toEqual([9006, 9007]);
    expect(await invoiceIds('gross-total=3629.920')).toEqual([9004]);
  });

  it('follows SQL: a NULL matches neither not_eq nor not_in', async () => {
    expect(await invoiceIds(`payment-date[not_eq]=${q('2020-01-01')}`)).toEqual([9004]);
    expect(await invoiceIds(`payment-notes[not_in]=a,b`)).toEqual([]);
  });

  it('ANDs all conditions', async () => {
    expect(await invoiceIds('status=approved&currency[code]=USD&exported=false')).toEqual([9001, 9005, 9006]);
  });

  it('matches text case-insensitively, accents included', async () => {
    const { get } = await ready();
    expect(ids(await get(`/api/suppliers?name[contains]=${q('CONSEIL')}`))).toEqual([108]);
    expect(ids(await get(`/api/suppliers?name[contains]=${q('é')}`))).toEqual([108]);
    expect(ids(await get(`/api/suppliers?name=${q("o'brien & sons, llc")}`))).toEqual([107]);
  });
});

describe('dates', () => {
  it('reads a date without time as midnight UTC', async () => {
    expect(await invoiceIds('updated-at[gt]=2026-01-17')).toEqual([9001, 9003, 9005, 9007]);
    expect(await invoiceIds('updated-at[lt]=2025-12-31')).toEqual([9004, 9008]);
  });

  it('accepts hyphen and underscore spellings and a full timestamp', async () => {
    expect(await invoiceIds('updated_at[gt]=2026-01-17T18:00:00Z')).toEqual([9003, 9005, 9007]);
    expect(await invoiceIds('updated-at[gt]=2026-01-17T18:00:00Z')).toEqual([9003, 9005, 9007]);
    expect(await invoiceIds(`updated-at[lt_or_eq]=${q('2025-12-22T00:00:00Z')}`)).toEqual([9004, 9008]);
  });

  it('honours an offset when "+" and ":" are URL-encoded', async () => {
    // 03:00+09:00 is 18:00 UTC the day before.
    expect(await invoiceIds('updated-at[gt_or_eq]=2026-01-18T03%3A00%3A00%2B09%3A00')).toEqual([9001, 9003, 9005, 9007]);
    expect(await invoiceIds('created-at[lt]=2025-11-25T07%3A00%3A00-08%3A00')).toEqual([]);
  });

  it('refuses an unencoded "+" (it arrives as a space) with a hint', async () => {
    const { get } = await ready();
    const res = await get('/api/invoices?updated-at[gt]=2026-01-18T03:00:00+09:00');
    expect(res.status).toBe(400);
    expect(res.json.errors.base[0]).toMatch(/%2B/);
  });

  it('shows times with the instance offset, which follows daylight saving', async () => {
    const { get } = await ready();
    const summer = await get('/api/suppliers/101'); // created 2025-09-02T16:20:00Z, PDT
    expect(summer.json['created-at']).toBe('2025-09-02T09:20:00-07:00');
    const winter = await get('/api/invoices/9004'); // created 2025-11-25T15:00:00Z, PST
    expect(winter.json['created-at']).toBe('2025-11-25T07:00:00-08:00');
  });
});

describe('associations', () => {
  it.each([
    [`supplier[name]=${q('Acme Inc.')}`, [9004]],
    ['supplier[id]=102', [9002, 9003]],
    ['supplier[number]=SUP-00010', [9008]],
    ['currency[code]=EUR', [9009]],
    ['invoice-lines[po-number]=2402', [9002, 9003]],
    ['invoice_lines[po_number]=2402', [9002, 9003]],
    ['invoice-lines[account][code]=NW-IT-6200', [9002, 9003]],
    ['invoice-lines[account][segment-2]=OPS', [9001, 9004, 9006, 9007]],
    ['payments[notes]=WIRE-88213', [9005]],
    [`supplier[name][contains]=${q('hartley')}`, [9001]],
  ])('invoices?%s', async (query, expected) => {
    expect(await invoiceIds(query)).toEqual(expected);
  });

  it('filters purchase orders through lines, supplier and status (both spellings of cancelled)', async () => {
    const { get } = await ready();
    expect(ids(await get('/api/purchase_orders?order-lines[account][code]=NW-IT-1500'))).toEqual([2409]);
    expect(ids(await get('/api/purchase_orders?order_lines[description][contains]=chair'))).toEqual([2403]);
    expect(ids(await get('/api/purchase_orders?supplier[name][contains]=cloud'))).toEqual([2402]);
    expect(ids(await get('/api/purchase_orders?status=canceled'))).toEqual([2407]);
    expect(ids(await get('/api/purchase_orders?status[in]=cancelled,draft'))).toEqual([2405, 2407]);
    expect(ids(await get('/api/purchase_orders?status[not_in]=issued'))).toEqual([2405, 2407]);
  });

  it('reads a form-encoded space ("+") inside a value', async () => {
    const { get } = await ready();
    expect(ids(await get('/api/suppliers?payment-term[code]=Net+15'))).toEqual([102, 106, 109]);
  });
});

describe('bad filters', () => {
  it.each([
    ['colour=red', /Unknown attribute 'colour'/],
    ['supplier[colour]=red', /Unknown attribute 'colour'/],
    ['status[like]=x', /Unknown operator 'like'/],
    ['supplier=Acme', /must name an attribute/],
    ['created-at[contains]=2026', /only applies to text/],
    ['exported[gt]=true', /does not apply/],
    ['id[gt]=abc', /not an integer/],
    ['gross-total[gt]=lots', /not a number/],
    ['exported=maybe', /true or false/],
    ['updated-at[gt]=yesterday', /Invalid date/],
  ])('%s → 400', async (query, message) => {
    const { get } = await ready();
    const res = await get(`/api/invoices?${query}`);
    expect(res.status).toBe(400);
    expect(res.json.errors.base[0]).toMatch(message);
  });

  it('answers the XML error form without Accept: application/json', async () => {
    const { get } = await ready();
    const res = await get('/api/invoices?colour=red', { format: 'xml' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/xml/);
    expect(res.text).toMatch(/<errors>\s*<error>Unknown attribute 'colour'/);
  });
});
