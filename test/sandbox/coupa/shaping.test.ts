import { describe, expect, it } from 'vitest';
import { q, ready } from './helpers.js';

describe('fields=', () => {
  it('returns only the named attributes, nested for associations, with hyphenated keys', async () => {
    const { get } = await ready();
    const fields =
      '["id","invoice_number",{"supplier":["id","name"]},{"invoice_lines":["id","line_num",{"account":["code"]}]},{"custom_fields":{}}]';
    const res = await get(`/api/invoices?id=9001&fields=${q(fields)}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual([
      {
        id: 9001,
        'invoice-number': 'HF-2026-0117',
        supplier: { id: 101, name: 'Hartley & Finch LLP' },
        'invoice-lines': [
          { id: 30001, 'line-num': 1, account: { code: 'NW-FIN-6300' } },
          { id: 30002, 'line-num': 2, account: { code: 'NW-OPS-6300' } },
        ],
        'custom-fields': {},
      },
    ]);
  });

  it('takes a whole association when given {} or [], ignores unknown names, and works on show', async () => {
    const { get } = await ready();
    const res = await get(`/api/purchase_orders/2401?fields=${q('["id","exported","no_such_field",{"currency":{}},{"supplier":[]}]')}`);
    expect(Object.keys(res.json)).toEqual(['id', 'exported', 'supplier', 'currency']);
    expect(res.json.currency).toEqual({ id: 1, code: 'USD', decimals: 2 });
    expect(res.json.supplier).toMatchObject({ id: 101, name: 'Hartley & Finch LLP', number: 'SUP-00001' });
  });

  it.each([
    ['not json', /must be a JSON array/],
    ['{"id":1}', /must be a JSON array/],
    ['[1]', /entries must be names/],
  ])('refuses fields=%s', async (fields, message) => {
    const { get } = await ready();
    const res = await get(`/api/invoices?fields=${q(fields)}`);
    expect(res.status).toBe(400);
    expect(res.json.errors.base[0]).toMatch(message);
  });
});

describe('return_object=', () => {
  it('limited returns ids only', async () => {
    const { get } = await ready();
    const res = await get('/api/invoices?return_object=limited&limit=3');
    expect(res.json).toEqual([{ id: 9001 }, { id: 9002 }, { id: 9003 }]);
  });

  it('shallow keeps own attributes and only the keys of associations', async () => {
    const { get } = await ready();
    const res = await get('/api/invoices/9002?return_object=shallow');
    expect(res.json['gross-total']).toBe('6810.00');
    expect(res.json.supplier).toEqual({ id: 102, name: 'Nimbus Cloud Hosting Inc.', number: 'SUP-00002' });
    expect(res.json.currency).toEqual({ id: 1, code: 'USD' });
    expect(res.json['invoice-lines']).toEqual([
      { id: 30003, 'line-num': 1 },
      { id: 30004, 'line-num': 2 },
    ]);
  });

  it('none empties the body of a write', async () => {
    const { get } = await ready();
    const res = await get('/api/invoices/9001?exported=true&return_object=none', { method: 'PUT' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect((await get('/api/invoices/9001')).json.exported).toBe(true);
  });

  it('refuses an unknown value', async () => {
    const { get } = await ready();
    expect((await get('/api/invoices?return_object=everything')).status).toBe(400);
  });
});
