/**
 * Typed views of the links table, one per kind of record the connector writes:
 * - vendor:      Coupa supplier id → FreshBooks vendor id
 * - po:          Coupa PO number → FreshBooks bill id ('' while the PO has no bill); keyed by
 *                number because that is how invoices refer to their PO
 * - invoice:     Coupa invoice id → FreshBooks bill id
 * - payment_in:  Coupa payment key (core/payments) → FreshBooks bill payment id
 * - payment_out: "invoice id:Coupa payment id" → FreshBooks bill payment id
 */
import type { Db, Tx } from '../store/db.js';
import { deleteLink, findLinkByCoupa, findLinksByFreshBooks, upsertLink } from '../store/queries/links.js';

export interface VendorLinkRow {
  supplierId: string;
  vendorId: string;
  fingerprint: string | null;
  sourceUpdatedAt: string | null;
}

export interface PoLinkRow {
  poNumber: string;
  poId: string;
  supplierId: string;
  /** Empty while the PO has no bill (seen, but draft, closed before sync, …). */
  billId: string;
  vendorId: string | null;
  tag: string | null;
  version: number | null;
  takenOverByInvoiceId: string | null;
  fingerprint: string | null;
  sourceUpdatedAt: string | null;
}

export interface InvoiceLinkRow {
  invoiceId: string;
  billId: string;
  vendorId: string;
  tag: string;
  poSlot: string | null;
  fingerprint: string | null;
  sourceUpdatedAt: string | null;
}

export interface PaymentLinkRow {
  key: string;
  billPaymentId: string;
  meta: Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export class LinkBook {
  constructor(
    private readonly db: Db | Tx,
    private readonly tenantId: string,
  ) {}

  async vendor(supplierId: string): Promise<VendorLinkRow | undefined> {
    const l = await findLinkByCoupa(this.db, this.tenantId, 'vendor', supplierId);
    return l && { supplierId, vendorId: l.freshbooksId, fingerprint: l.fingerprint, sourceUpdatedAt: l.sourceUpdatedAt };
  }

  async saveVendor(row: VendorLinkRow): Promise<void> {
    await upsertLink(this.db, {
      tenantId: this.tenantId,
      kind: 'vendor',
      coupaId: row.supplierId,
      freshbooksId: row.vendorId,
      fingerprint: row.fingerprint,
      sourceUpdatedAt: row.sourceUpdatedAt,
      origin: 'coupa',
    });
  }

  async po(poNumber: string): Promise<PoLinkRow | undefined> {
    const l = await findLinkByCoupa(this.db, this.tenantId, 'po', poNumber);
    if (!l) return undefined;
    const m = l.meta;
    return {
      poNumber,
      poId: String(m.poId ?? ''),
      supplierId: String(m.supplierId ?? ''),
      billId: l.freshbooksId,
      vendorId: str(m.vendorId),
      tag: str(m.tag),
      version: num(m.version),
      takenOverByInvoiceId: str(m.takenOverByInvoiceId),
      fingerprint: l.fingerprint,
      sourceUpdatedAt: l.sourceUpdatedAt,
    };
  }

  async savePo(row: PoLinkRow): Promise<void> {
    await upsertLink(this.db, {
      tenantId: this.tenantId,
      kind: 'po',
      coupaId: row.poNumber,
      freshbooksId: row.billId,
      fingerprint: row.fingerprint,
      sourceUpdatedAt: row.sourceUpdatedAt,
      origin: 'coupa',
      meta: {
        poId: row.poId,
        supplierId: row.supplierId,
        vendorId: row.vendorId,
        tag: row.tag,
        version: row.version,
        takenOverByInvoiceId: row.takenOverByInvoiceId,
      },
    });
  }

  async invoice(invoiceId: string): Promise<InvoiceLinkRow | undefined> {
    const l = await findLinkByCoupa(this.db, this.tenantId, 'invoice', invoiceId);
    if (!l) return undefined;
    return {
      invoiceId,
      billId: l.freshbooksId,
      vendorId: String(l.meta.vendorId ?? ''),
      tag: String(l.meta.tag ?? ''),
      poSlot: str(l.meta.poSlot),
      fingerprint: l.fingerprint,
      sourceUpdatedAt: l.sourceUpdatedAt,
    };
  }

  async invoicesOfBill(billId: string): Promise<InvoiceLinkRow[]> {
    const links = await findLinksByFreshBooks(this.db, this.tenantId, 'invoice', billId);
    return Promise.all(links.map(async (l) => (await this.invoice(l.coupaId))!));
  }

  async saveInvoice(row: InvoiceLinkRow): Promise<void> {
    await upsertLink(this.db, {
      tenantId: this.tenantId,
      kind: 'invoice',
      coupaId: row.invoiceId,
      freshbooksId: row.billId,
      fingerprint: row.fingerprint,
      sourceUpdatedAt: row.sourceUpdatedAt,
      origin: 'coupa',
      meta: { vendorId: row.vendorId, tag: row.tag, poSlot: row.poSlot },
    });
  }

  async dropInvoice(invoiceId: string): Promise<void> {
    await deleteLink(this.db, this.tenantId, 'invoice', invoiceId);
  }

  async paymentIn(key: string): Promise<PaymentLinkRow | undefined> {
    const l = await findLinkByCoupa(this.db, this.tenantId, 'payment_in', key);
    return l && { key, billPaymentId: l.freshbooksId, meta: l.meta };
  }

  async savePaymentIn(key: string, billPaymentId: string, meta: Record<string, unknown>): Promise<void> {
    await upsertLink(this.db, {
      tenantId: this.tenantId,
      kind: 'payment_in',
      coupaId: key,
      freshbooksId: billPaymentId,
      origin: 'coupa',
      meta,
    });
  }

  /** A Coupa payment the connector wrote from this FreshBooks bill payment, if any. */
  async paymentOut(billPaymentId: string): Promise<PaymentLinkRow | undefined> {
    const [l] = await findLinksByFreshBooks(this.db, this.tenantId, 'payment_out', billPaymentId);
    return l && { key: l.coupaId, billPaymentId, meta: l.meta };
  }

  async savePaymentOut(key: string, billPaymentId: string, meta: Record<string, unknown>): Promise<void> {
    await upsertLink(this.db, {
      tenantId: this.tenantId,
      kind: 'payment_out',
      coupaId: key,
      freshbooksId: billPaymentId,
      origin: 'freshbooks',
      meta,
    });
  }

  /** Was this FreshBooks bill payment written by the connector from a Coupa payment? */
  async isPaymentWrittenFromCoupa(billPaymentId: string): Promise<boolean> {
    return (await findLinksByFreshBooks(this.db, this.tenantId, 'payment_in', billPaymentId)).length > 0;
  }
}
