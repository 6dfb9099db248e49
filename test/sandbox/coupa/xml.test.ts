import { describe, expect, it } from 'vitest';
import { call, ready } from './helpers.js';

/** A minimal well-formedness check: every element closes, in order. */
function wellFormed(xml: string): boolean {
  const stack: string[] = [];
  for (const m of xml.replace(/^<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else stack.push(name!);
  }
  return stack.length === 0;
}

describe('content negotiation', () => {
  it('answers XML without an Accept header, with */* and with application/xml', async () => {
    const { sb, tok } = await ready();
    for (const accept of [undefined, '*/*', 'application/xml', 'text/html']) {
      const res = await fetch(`${sb.url}/api/suppliers?limit=1`, {
        headers: { authorization: `Bearer ${tok}`, ...(accept && { accept }) },
      });
      expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
      expect(await res.text()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<suppliers type="array">/);
    }
  });

  it('answers JSON when Accept names application/json, among others too', async () => {
    const { sb, tok } = await ready();
    const res = await fetch(`${sb.url}/api/suppliers?limit=1`, {
      headers: { authorization: `Bearer ${tok}`, accept: 'text/plain, application/json;q=0.9' },
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Array.isArray(await res.json())).toBe(true);
  });
});

describe('XML documents', () => {
  it('lists suppliers Rails-style: typed scalars, nil, hyphenated names, escaped text', async () => {
    const { get } = await ready();
    const res = await get('/api/suppliers?number=SUP-00007', { format: 'xml' });
    expect(res.status).toBe(200);
    const xml = res.text;
    expect(wellFormed(xml)).toBe(true);
    expect(xml).toContain('<suppliers type="array">\n  <supplier>\n    <id type="integer">107</id>');
    expect(xml).toContain("<name>O'Brien &amp; Sons, LLC</name>");
    expect(xml).toContain('<created-at type="dateTime">2025-09-18T08:00:00-07:00</created-at>');
    expect(xml).toContain('<on-hold type="boolean">false</on-hold>');
    expect(xml).toContain('<duns nil="true" />');
    expect(xml).toContain('<remit-to-addresses type="array">\n      <remit-to-address>');
    expect(xml).toContain('<supplier-sites type="array" />');
    expect(xml).toContain('<custom-fields></custom-fields>');
  });

  it('shows an invoice with its lines, decimals and integers typed', async () => {
    const { get } = await ready();
    const xml = (await get('/api/invoices/9001', { format: 'xml' })).text;
    expect(wellFormed(xml)).toBe(true);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<invoice-header>\n/);
    expect(xml).toContain('<gross-total type="decimal">14700.00</gross-total>');
    expect(xml).toContain('<payments type="array" />');
    expect(xml).toContain('<invoice-lines type="array">\n    <invoice-line>');
    expect(xml).toContain('<line-num type="integer">1</line-num>');
    expect(xml).toContain('<order-line-num>1</order-line-num>');
    expect(xml).toContain('<segment-3>6300</segment-3>');
    expect(xml).toContain('<segment-4 nil="true" />');
  });

  it('wraps purchase orders as order-headers with string line numbers', async () => {
    const { get } = await ready();
    const xml = (await get('/api/purchase_orders?id=2409', { format: 'xml' })).text;
    expect(wellFormed(xml)).toBe(true);
    expect(xml).toContain('<order-headers type="array">\n  <order-header>');
    expect(xml).toContain('<order-lines type="array">\n      <order-line>');
    expect(xml).toContain('<line-num>1</line-num>');
    expect(xml).toContain('<description>Laptop 14&quot; (32 GB)</description>');
    expect(xml).toContain('<version type="integer">2</version>');
  });

  it('applies fields= to XML too', async () => {
    const { get } = await ready();
    const xml = (await get(`/api/invoices/9002?fields=${encodeURIComponent('["id",{"supplier":["name"]}]')}`, { format: 'xml' })).text;
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<invoice-header>\n  <id type="integer">9002</id>\n  <supplier>\n    <name>Nimbus Cloud Hosting Inc.</name>\n  </supplier>\n</invoice-header>\n',
    );
  });
});

describe('no results', () => {
  it("is 404 with Coupa's message in XML but 200 [] in JSON", async () => {
    const { get } = await ready();
    const xml = await get('/api/invoices?invoice-number=NOPE', { format: 'xml' });
    expect(xml.status).toBe(404);
    expect(xml.text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<errors>\n  <error>No results match your search criteria.</error>\n</errors>\n',
    );
    const json = await get('/api/invoices?invoice-number=NOPE');
    expect(json.status).toBe(200);
    expect(json.json).toEqual([]);
  });
});

describe('not found', () => {
  it('answers 404 for an unknown id in both formats, and for a non-numeric id', async () => {
    const { get } = await ready();
    expect(await get('/api/invoices/1')).toMatchObject({ status: 404, json: { errors: { base: ['Record not found'] } } });
    const xml = await get('/api/suppliers/999999', { format: 'xml' });
    expect(xml.status).toBe(404);
    expect(xml.text).toContain('<error>Record not found</error>');
    expect((await get('/api/purchase_orders/abc')).status).toBe(404);
  });

  it('answers 404 for an unknown route', async () => {
    const { sb, tok } = await ready();
    const res = await call(sb, tok, '/api/widgets');
    expect(res.status).toBe(404);
    expect(res.json.errors.base[0]).toMatch(/No route matches/);
  });
});
