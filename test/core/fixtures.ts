// Builders for core records: each returns a valid record; tests override what they are about.
import { Decimal } from '../../src/lib/decimal.js';
import {
  poNumbersOf,
  type Invoice,
  type InvoiceLine,
  type PoLine,
  type PurchaseOrder,
  type Supplier,
  type Vendor,
} from '../../src/core/records.js';

export const d = (s: string | number): Decimal => Decimal.parse(s);

export function supplier(over: Partial<Supplier> = {}): Supplier {
  return {
    id: '8819',
    name: 'Acme Industrial',
    number: 'SUP-1042',
    status: 'active',
    contact: { firstName: 'Dana', lastName: 'Ng', email: 'ap@acme.example', phone: '+1 480 555 0100' },
    address: { street1: '1 Main St', city: 'Tempe', state: 'AZ', postalCode: '85283', country: 'United States' },
    currency: 'USD',
    website: 'acme.example',
    paymentTermDays: 30,
    updatedAt: '2024-04-02T09:12:44-07:00',
    ...over,
  };
}

export function poLine(over: Partial<PoLine> = {}): PoLine {
  return { lineNum: '1', description: 'Widget', quantity: d('2'), unitPrice: d('50.00'), total: d('100.00'), segments: [], ...over };
}

export function po(over: Partial<PurchaseOrder> = {}): PurchaseOrder {
  return {
    id: '2400',
    poNumber: '2400',
    supplierId: '8819',
    supplierName: 'Acme Industrial',
    status: 'issued',
    version: 1,
    currency: 'USD',
    issueDate: '2025-02-10',
    paymentTermDays: 30,
    lines: [poLine()],
    updatedAt: '2025-03-21T12:48:17-07:00',
    exported: false,
    ...over,
  };
}

export function invLine(over: Partial<InvoiceLine> = {}): InvoiceLine {
  return {
    lineNum: '1',
    description: 'Widget',
    quantity: d('2.0'),
    unitPrice: d('50.00'),
    total: d('100.00'),
    poNumber: '2400',
    orderLineNum: '1',
    segments: [],
    ...over,
  };
}

export function invoice(over: Partial<Invoice> = {}): Invoice {
  const lines = over.lines ?? [invLine()];
  const total = over.total ?? Decimal.sum(lines.map((l) => l.total));
  return {
    id: '92010',
    invoiceNumber: 'INV-10',
    supplierId: '8819',
    supplierName: 'Acme Industrial',
    status: 'approved',
    currency: 'USD',
    invoiceDate: '2024-04-01',
    paymentTermDays: 30,
    payments: [],
    updatedAt: '2024-04-01T02:19:09+03:00',
    ...over,
    lines,
    total,
    poNumbers: over.poNumbers ?? poNumbersOf(lines),
  };
}

export function vendor(id: string, name: string, over: Partial<Vendor> = {}): Vendor {
  return { id, name, ...over };
}
