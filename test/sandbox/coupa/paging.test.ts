import { describe, expect, it } from 'vitest';
import { generateDataset } from '../../../src/sandbox/generator/index.js';
import { ids, ready } from './helpers.js';

// ~200 invoices: enough for several pages.
const data = () => generateDataset({ seed: 2, scale: 400 }).coupa;

describe('limit and offset', () => {
  it('returns 50 records by default, starting from the lowest id', async () => {
    const { sb, get } = await ready({ data: data() });
    const page = ids(await get('/api/invoices'));
    expect(page).toHaveLength(50);
    expect(page).toEqual([...sb.state.invoices.keys()].slice(0, 50));
  });

  it('clamps limit above 50 and reads limit=0 as unset', async () => {
    const { get } = await ready({ data: data() });
    expect(ids(await get('/api/invoices?limit=200'))).toHaveLength(50);
    expect(ids(await get('/api/invoices?limit=0'))).toHaveLength(50);
    expect(ids(await get('/api/invoices?limit=7'))).toHaveLength(7);
  });

  it('pages with offset without gaps or overlaps, and ends with a short page then []', async () => {
    const { sb, get } = await ready({ data: data() });
    const seen: number[] = [];
    for (let offset = 0; ; offset += 50) {
      const page = ids(await get(`/api/invoices?limit=50&offset=${offset}`));
      seen.push(...page);
      if (page.length < 50) break;
    }
    expect(seen).toEqual([...sb.state.invoices.keys()]);
    const past = await get(`/api/invoices?offset=${sb.state.invoices.size}`);
    expect(past.status).toBe(200);
    expect(past.json).toEqual([]);
  });

  it('applies offset after filters', async () => {
    const { get } = await ready({ data: data() });
    const all = ids(await get('/api/invoices?status=approved&limit=50'));
    expect(ids(await get('/api/invoices?status=approved&limit=5&offset=5'))).toEqual(all.slice(5, 10));
  });

  it.each(['limit=abc', 'limit=-1', 'offset=-5', 'offset=1.5'])('refuses %s', async (query) => {
    const { get } = await ready();
    const res = await get(`/api/invoices?${query}`);
    expect(res.status).toBe(400);
    expect(res.json.errors.base[0]).toMatch(/non-negative integer/);
  });
});

describe('order_by and dir', () => {
  it('sorts by id descending', async () => {
    const { sb, get } = await ready({ data: data() });
    expect(ids(await get('/api/invoices?order_by=id&dir=desc&limit=5'))).toEqual([...sb.state.invoices.keys()].reverse().slice(0, 5));
    expect(ids(await get('/api/invoices?dir=desc&limit=3'))).toEqual([...sb.state.invoices.keys()].reverse().slice(0, 3));
  });

  it('sorts by text, datetime and decimal attributes with either spelling', async () => {
    const { get } = await ready({ data: data() });
    const byNumber = (await get('/api/invoices?order_by=invoice_number&dir=asc')).json as Array<Record<string, string>>;
    const numbers = byNumber.map((i) => i['invoice-number']!.toLowerCase());
    expect(numbers).toEqual([...numbers].sort());

    const byUpdated = (await get('/api/invoices?order_by=updated-at&dir=desc')).json as Array<Record<string, string>>;
    const times = byUpdated.map((i) => Date.parse(i['updated-at']!));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const byTotal = (await get('/api/invoices?order_by=gross_total&dir=desc&limit=10')).json as Array<Record<string, string>>;
    const totals = byTotal.map((i) => Number(i['gross-total']));
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
  });

  it('pages through a sorted result consistently', async () => {
    const { get } = await ready({ data: data() });
    const first = ids(await get('/api/purchase_orders?order_by=updated_at&dir=desc&limit=20'));
    const second = ids(await get('/api/purchase_orders?order_by=updated_at&dir=desc&limit=20&offset=20'));
    const both = ids(await get('/api/purchase_orders?order_by=updated_at&dir=desc&limit=40'));
    expect(both).toHaveLength(40);
    expect([...first, ...second]).toEqual(both);
  });

  it.each([
    ['dir=sideways', /dir must be asc or desc/],
    ['order_by=supplier', /Cannot order by 'supplier'/],
    ['order_by=colour', /Cannot order by 'colour'/],
  ])('refuses %s', async (query, message) => {
    const { get } = await ready();
    const res = await get(`/api/invoices?${query}`);
    expect(res.status).toBe(400);
    expect(res.json.errors.base[0]).toMatch(message);
  });
});
