import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoupaInputError } from '../../../src/providers/coupa/errors.js';
import { coupaPort } from '../../../src/providers/coupa/port.js';
import type { CoupaSandbox } from '../../../src/sandbox/coupa/index.js';
import type { Supplier } from '../../../src/core/records.js';
import { addInvoice, addSuppliers, clientOf, sandbox } from './sandbox.js';

let sb: CoupaSandbox;
let now = Date.parse('2025-01-15T12:00:00Z');
let supplierIds: number[];
beforeAll(async () => {
  sb = await sandbox({ rateLimit: false, now: () => now });
  supplierIds = addSuppliers(sb, 120);
});
afterAll(() => sb.close());

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('paging by id', () => {
  it('reads more than 50 records in pages of 50 with id[gt] and order_by=id, each once, in id order', async () => {
    const { client, calls } = clientOf(sb);
    const pages = await collect(client.suppliers.list());
    expect(pages.map((p) => p.length)).toEqual([50, 50, 20]);
    const ids = pages.flat().map((s) => Number(s.id));
    expect(ids).toEqual([...supplierIds].sort((a, b) => a - b));
    const gets = calls.filter((c) => c.method === 'GET').map((c) => c.path);
    expect(gets[0]).toBe('/api/suppliers?order_by=id&dir=asc&limit=50');
    expect(gets[1]).toBe(`/api/suppliers?order_by=id&dir=asc&limit=50&id[gt]=${ids[49]}`);
    expect(gets[2]).toBe(`/api/suppliers?order_by=id&dir=asc&limit=50&id[gt]=${ids[99]}`);
  });

  it('neither skips nor repeats when records change between pages (where offset paging would skip)', async () => {
    const { client } = clientOf(sb);
    const seen: Supplier[] = [];
    let first = true;
    const created: number[] = [];
    for await (const page of client.suppliers.list({ statuses: ['active'] })) {
      seen.push(...page);
      if (first) {
        first = false;
        // Between pages: five records of page 1 leave the `status=active` window, one of page 2
        // is renamed, and a new record arrives at the end.
        for (const s of page.slice(0, 5)) sb.control.updateSupplier(Number(s.id), { status: 'inactive' });
        sb.control.updateSupplier(supplierIds[60]!, { name: 'Renamed between pages' });
        created.push(...addSuppliers(sb, 1, 'Late'));
      }
    }
    const ids = seen.map((s) => Number(s.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...supplierIds, ...created].sort((a, b) => a - b));
    expect(seen.find((s) => Number(s.id) === supplierIds[60])!.name).toBe('Renamed between pages');
    for (const s of seen.slice(0, 5)) sb.control.updateSupplier(Number(s.id), { status: 'active' });
  });

  it('an empty collection is no pages', async () => {
    const { client } = clientOf(sb);
    expect(await collect(client.invoices.list({ statuses: ['disputed'] }))).toEqual([]);
  });
});

describe('filters', () => {
  it('updated-at[gt] returns only records changed after the instant; + and : are URL-encoded', async () => {
    const { client, calls } = clientOf(sb);
    now += 60_000;
    const since = new Date(now).toISOString().replace('Z', '+00:00'); // an offset with a '+'
    now += 60_000;
    sb.control.updateSupplier(supplierIds[3]!, { website: 'https://three.example' });
    sb.control.updateSupplier(supplierIds[77]!, { website: 'https://seventy-seven.example' });
    const changed = (await collect(client.suppliers.list({ updatedAfter: since }))).flat();
    expect(changed.map((s) => Number(s.id))).toEqual([supplierIds[3], supplierIds[77]]);
    const path = calls.find((c) => c.path.includes('updated-at'))!.path;
    expect(path).toContain(`updated-at[gt]=${encodeURIComponent(since)}`);
    expect(path).toMatch(/updated-at\[gt\]=\d{4}-\d{2}-\d{2}T\d{2}%3A\d{2}%3A\d{2}\.\d{3}%2B00%3A00/);
  });

  it('status[in] filters invoices; both spellings of cancelled are asked for on POs', async () => {
    const a = addInvoice(sb, 'INV-A');
    const b = addInvoice(sb, 'INV-B');
    sb.control.voidInvoice(b.invoiceId);
    const { client, calls } = clientOf(sb);
    const approved = (await collect(client.invoices.list({ statuses: ['approved'] }))).flat();
    expect(approved.map((i) => i.invoiceNumber)).toContain('INV-A');
    expect(approved.map((i) => i.invoiceNumber)).not.toContain('INV-B');
    const both = (await collect(client.invoices.list({ statuses: ['approved', 'voided'] }))).flat();
    expect(both.map((i) => i.id)).toEqual(expect.arrayContaining([String(a.invoiceId), String(b.invoiceId)]));
    expect(calls.some((c) => c.path.includes('status[in]=approved%2Cvoided'))).toBe(true);
    sb.control.cancelPurchaseOrder(b.poId);
    const cancelled = (await collect(client.purchaseOrders.list({ statuses: ['cancelled'] }))).flat();
    expect(cancelled.map((p) => p.id)).toEqual([String(b.poId)]);
    expect(cancelled[0]!.status).toBe('cancelled');
    expect(calls.some((c) => c.path.includes('status[in]=cancelled%2Ccanceled'))).toBe(true);
  });

  it('rejects filters that cannot be sent, before any call', async () => {
    const { client, calls } = clientOf(sb);
    await expect(collect(client.suppliers.list({ updatedAfter: 'yesterday' }))).rejects.toThrow(CoupaInputError);
    await expect(collect(client.suppliers.list({ statuses: [] }))).rejects.toThrow(/empty status list/);
    expect(calls).toHaveLength(0);
  });
});

describe('single records', () => {
  it('by id, by PO number, missing → undefined, bad id → a clear error', async () => {
    const ids = addInvoice(sb, 'INV-S');
    const { client } = clientOf(sb);
    const port = coupaPort(client);
    expect((await port.purchaseOrderByNumber(ids.poNumber))!.id).toBe(String(ids.poId));
    expect(await port.purchaseOrderByNumber('NO-SUCH-PO')).toBeUndefined();
    expect((await port.invoice(String(ids.invoiceId)))!.invoiceNumber).toBe('INV-S');
    expect((await port.supplier(String(ids.supplierId)))!.name).toBe('Acme for INV-S');
    expect(await port.invoice('999999')).toBeUndefined();
    expect(await port.purchaseOrder('999999')).toBeUndefined();
    await expect(port.supplier('12/../3')).rejects.toThrow(/is not a Coupa supplier id/);
  });

  it('the port pages the same way as the resources', async () => {
    const { client } = clientOf(sb);
    const port = coupaPort(client);
    const pages = await collect(port.suppliers());
    expect(pages[0]).toHaveLength(50);
    expect(pages.flat().length).toBeGreaterThan(120);
  });
});

describe('continuing a pass and estimating its end', () => {
  it('starts after afterId (id[gt]) with the same filters', async () => {
    const { client, calls } = clientOf(sb);
    const sorted = (await collect(client.suppliers.list({ statuses: ['active'] }))).flat().map((s) => Number(s.id));
    const pages = await collect(client.suppliers.list({ statuses: ['active'], afterId: String(sorted[99]) }));
    expect(pages.flat().map((s) => Number(s.id))).toEqual(sorted.slice(100));
    expect(calls.find((c) => c.path.includes(`id[gt]=${sorted[99]}`))!.path).toBe(
      `/api/suppliers?status[in]=active&order_by=id&dir=asc&limit=50&id[gt]=${sorted[99]}`,
    );
  });

  it('reads the highest id matching the filters with order_by=id&dir=desc&limit=1; none when nothing matches', async () => {
    const { client, calls } = clientOf(sb);
    const port = coupaPort(client);
    const active = (await collect(client.suppliers.list({ statuses: ['active'] }))).flat().map((s) => Number(s.id));
    expect(await port.highestId!('suppliers', { statuses: ['active'] })).toBe(String(Math.max(...active)));
    expect(calls.at(-1)!.path).toBe('/api/suppliers?status[in]=active&order_by=id&dir=desc&limit=1');
    expect(await port.highestId!('suppliers', { updatedAfter: '2099-01-01T00:00:00Z' })).toBeUndefined();
  });
});
