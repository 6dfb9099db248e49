/**
 * The Coupa sandbox for the client's tests, started in-process on port 0, and small helpers
 * to fill it through its control API (acting as Coupa users would).
 */
import { startCoupaSandbox, COUPA_DEMO, type CoupaSandbox, type OAuthClient } from '../../../src/sandbox/coupa/index.js';
import type { HttpCall } from '../../../src/providers/http.js';
import { CoupaClient, type CoupaClientOptions } from '../../../src/providers/coupa/client.js';
import { TokenBucket } from '../../../src/providers/token-bucket.js';
import { urlOf } from '../fetch-input.js';

export { COUPA_DEMO };

/** An OAuth client without core.invoice.write (and nothing else missing). */
export const NO_INVOICE_WRITE: OAuthClient = {
  clientId: 'no-invoice-write',
  clientSecret: 'nw-secret-0123456789',
  scopes: ['core.supplier.read', 'core.purchase_order.read', 'core.purchase_order.write', 'core.invoice.read'],
};

export async function sandbox(options: Parameters<typeof startCoupaSandbox>[0] = {}): Promise<CoupaSandbox> {
  return startCoupaSandbox({ clients: [COUPA_DEMO, NO_INVOICE_WRITE], ...options });
}

/** A client of the sandbox that records its calls; no pacing unless `paced` (tests of pacing use the real bucket). */
export function clientOf(
  sb: CoupaSandbox,
  overrides: Partial<CoupaClientOptions> & { paced?: boolean } = {},
): { client: CoupaClient; calls: HttpCall[] } {
  const calls: HttpCall[] = [];
  const { paced, ...rest } = overrides;
  const client = new CoupaClient({
    instanceUrl: sb.url,
    clientId: COUPA_DEMO.clientId,
    clientSecret: COUPA_DEMO.clientSecret,
    recorder: (c) => calls.push(c),
    ...(paced ? {} : { bucket: new TokenBucket(10_000, 10_000) }),
    ...rest,
  });
  return { client, calls };
}

export function addSuppliers(sb: CoupaSandbox, count: number, prefix = 'Supplier'): number[] {
  const ids: number[] = [];
  for (let i = 0; i < count; i++)
    ids.push(sb.control.createSupplier({ name: `${prefix} ${String(i).padStart(4, '0')}`, status: 'active' }).id as number);
  return ids;
}

/** An approved invoice on an issued PO (two lines, 600.00 USD); returns the ids. */
export function addInvoice(
  sb: CoupaSandbox,
  invoiceNumber = 'INV-1',
): { supplierId: number; poId: number; poNumber: string; invoiceId: number } {
  const supplierId = sb.control.createSupplier({ name: `Acme for ${invoiceNumber}`, status: 'active', paymentTerm: 'Net 30' }).id as number;
  const po = sb.control.createPurchaseOrder({
    supplierId,
    currency: 'USD',
    status: 'issued',
    lines: [
      { description: 'Widget', quantity: '2', price: '50.00', accountCode: 'NW-IT-1500' },
      { description: 'Legal services', price: '500.00', accountCode: 'NW-FIN-6300' },
    ],
  });
  const invoice = sb.control.createInvoice({ supplierId, invoiceNumber, purchaseOrderId: po.id as number, status: 'approved' });
  return { supplierId, poId: po.id as number, poNumber: po['po-number'] as string, invoiceId: invoice.id as number };
}

interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A fetch that forwards to the real one and remembers what was sent. */
export function tapFetch(): { fetch: typeof fetch; seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const tapped = (async (input: string | URL | Request, init?: RequestInit) => {
    seen.push({
      url: urlOf(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v])),
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    return fetch(input, init);
  }) as typeof fetch;
  return { fetch: tapped, seen };
}

/** A loopback URL where nothing listens (a port just freed). */
export async function unreachableUrl(): Promise<string> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return `http://127.0.0.1:${port}`;
}
