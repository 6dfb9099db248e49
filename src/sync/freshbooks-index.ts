/**
 * What the engine looks up on the FreshBooks side during a pass: vendors by name and bills
 * by tag, so that a lost local link can never lead to a duplicate. Vendors are read once per
 * pass (names have no documented search); bills only for the vendor about to get one, with
 * `search[vendorid]`. Both lazily — only a pass about to create something pays — and kept up
 * to date with what the pass itself writes.
 */
import { indexVendors, type VendorIndex } from '../core/match-vendor.js';
import type { Bill, Vendor } from '../core/records.js';
import type { ExpenseCategory, FreshBooksPort } from './ports.js';

export class FreshBooksIndex {
  private vendors: Vendor[] | undefined;
  private vendorIdx: VendorIndex | undefined;
  private readonly billsByVendor = new Map<string, Bill[]>();
  private categoryList: ExpenseCategory[] | undefined;

  constructor(private readonly freshbooks: FreshBooksPort) {}

  private async allVendors(): Promise<Vendor[]> {
    if (!this.vendors) {
      const all: Vendor[] = [];
      for await (const page of this.freshbooks.vendors()) all.push(...page);
      this.vendors = all;
    }
    return this.vendors;
  }

  async vendorIndex(): Promise<VendorIndex> {
    this.vendorIdx ??= indexVendors(await this.allVendors());
    return this.vendorIdx;
  }

  addVendor(vendor: Vendor): void {
    if (!this.vendors) return;
    this.vendors = [...this.vendors.filter((v) => v.id !== vendor.id), vendor];
    this.vendorIdx = undefined;
  }

  /** This vendor's active and archived bills whose bill_number passes `isTag` (deleted bills are never adopted). */
  async billsTagged(vendorId: string, isTag: (billNumber: string | null) => boolean): Promise<Bill[]> {
    let bills = this.billsByVendor.get(vendorId);
    if (!bills) {
      bills = [];
      for await (const page of this.freshbooks.bills({ vendorId })) bills.push(...page);
      this.billsByVendor.set(vendorId, bills);
    }
    // The filter is FreshBooks'; the vendor is checked again here all the same.
    return bills.filter((b) => b.vendorId === vendorId && b.visState !== 1 && isTag(b.billNumber));
  }

  /**
   * A write whose outcome is unknown (it failed, timed out, or the process is going down): what
   * was read may no longer be what FreshBooks has, so the next look reads again.
   */
  forgetVendors(): void {
    this.vendors = undefined;
    this.vendorIdx = undefined;
  }

  forgetBills(vendorId: string): void {
    this.billsByVendor.delete(vendorId);
  }

  addBill(bill: Bill): void {
    const bills = this.billsByVendor.get(bill.vendorId);
    if (bills) this.billsByVendor.set(bill.vendorId, [...bills.filter((b) => b.id !== bill.id), bill]);
  }

  async categories(): Promise<ExpenseCategory[]> {
    this.categoryList ??= await this.freshbooks.categories();
    return this.categoryList;
  }
}
