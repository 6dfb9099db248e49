/**
 * The sandbox's memory: per account, the vendors, bills, payments, categories, taxes and callbacks,
 * with the indexes the derived fields need (bills of a vendor, payments of a bill). Every
 * mutation reports a domain event; the events module turns those into webhook deliveries.
 */
import type { Decimal } from '../../lib/decimal.js';
import type { Random } from '../../lib/random.js';
import type { ResolvedConfig } from './config.js';
import { NotFoundError } from './errors.js';

export type VisState = 0 | 1 | 2;

export interface TaxDefault {
  taxid: number | null;
  system_taxid: number | null;
  name: string | null;
  amount: string | null;
  enabled: boolean;
  tax_authorityid: string | null;
}

export const VENDOR_TEXT_FIELDS = [
  'vendor_name',
  'account_number',
  'city',
  'country',
  'language',
  'note',
  'phone',
  'postal_code',
  'primary_contact_email',
  'primary_contact_first_name',
  'primary_contact_last_name',
  'province',
  'street',
  'street2',
  'website',
] as const;
export type VendorTextField = (typeof VENDOR_TEXT_FIELDS)[number];

export interface VendorRecord {
  vendorid: number;
  text: Record<VendorTextField, string | null>;
  currency_code: string;
  is_1099: boolean;
  tax_defaults: TaxDefault[];
  vis_state: VisState;
  createdAt: number;
  updatedAt: number;
}

export interface BillLineRecord {
  id: number;
  categoryid: number;
  description: string | null;
  quantity: Decimal;
  unitCost: Decimal;
  tax_name1: string | null;
  tax_name2: string | null;
  taxPercent1: Decimal | null;
  taxPercent2: Decimal | null;
  tax_authorityid1: string | null;
  tax_authorityid2: string | null;
  compounded_tax: boolean;
}

export interface BillRecord {
  id: number;
  vendorid: number;
  bill_number: string | null;
  issue_date: string;
  due_offset_days: number;
  currency_code: string;
  language: string;
  attachment: unknown;
  lines: BillLineRecord[];
  vis_state: VisState;
  createdAt: number;
  updatedAt: number;
}

export interface BillPaymentRecord {
  id: number;
  billid: number;
  amount: Decimal;
  code: string;
  paid_date: string;
  payment_type: string;
  note: string | null;
  vis_state: VisState;
  createdAt: number;
  updatedAt: number;
}

export interface CategoryRecord {
  id: number;
  category: string;
  parentid: number | null;
  is_cogs: boolean;
  is_editable: boolean;
  vis_state: VisState;
  createdAt: number;
  updatedAt: number;
}

/** A tax the business has set up; bill lines may name it (or any other text, Choice FB-54). */
export interface TaxRecord {
  id: number;
  name: string;
  /** The percentage (`"5"` is 5 %). */
  amount: Decimal;
  /** The business's registration number for the tax, when it gave one. */
  number: string | null;
  compound: boolean;
  /** Always 0: taxes are deleted for good; present so tax lists share the accounting search. */
  vis_state: VisState;
  createdAt: number;
  updatedAt: number;
}

export interface CallbackRecord {
  callbackid: number;
  event: string;
  uri: string;
  verified: boolean;
  verifier: string;
  /** Always 0 (a DELETE really removes a callback); present so callback lists share the accounting search. */
  vis_state: VisState;
  updatedAt: number;
}

export interface DomainEvent {
  accountId: string;
  /** e.g. "bill.update" */
  name: string;
  objectId: number;
}

export class AccountData {
  readonly vendors = new Map<number, VendorRecord>();
  readonly bills = new Map<number, BillRecord>();
  readonly payments = new Map<number, BillPaymentRecord>();
  readonly categories = new Map<number, CategoryRecord>();
  readonly taxes = new Map<number, TaxRecord>();
  readonly callbacks = new Map<number, CallbackRecord>();
  readonly billsByVendor = new Map<number, Set<number>>();
  readonly paymentsByBill = new Map<number, Set<number>>();

  constructor(
    readonly accountId: string,
    readonly businessId: number,
  ) {}

  index(map: Map<number, Set<number>>, key: number, id: number): void {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(id);
  }

  unindex(map: Map<number, Set<number>>, key: number, id: number): void {
    map.get(key)?.delete(id);
  }
}

/** Distinct id ranges per kind, so a client that mixes up a bill id and a vendor id gets a 404. */
const FIRST_ID = {
  vendor: 3_001,
  bill: 7_001,
  payment: 12_001,
  line: 50_001,
  category: 2_003_101,
  tax: 430_001,
  callback: 880_001,
} as const;
type IdKind = keyof typeof FIRST_ID;

export class SandboxState {
  private readonly accounts = new Map<string, AccountData>();
  private readonly next: Record<IdKind, number> = { ...FIRST_ID };
  private readonly listeners: Array<(event: DomainEvent) => void> = [];

  constructor(
    readonly config: ResolvedConfig,
    readonly now: () => number,
    readonly random: Random,
  ) {
    for (const b of config.businesses) this.accounts.set(b.accountId, new AccountData(b.accountId, b.businessId));
  }

  accountIds(): string[] {
    return [...this.accounts.keys()];
  }

  /** The account's data; an unknown account reads as 404 (guarded routes never get here with one). */
  account(accountId: string): AccountData {
    const data = this.accounts.get(accountId);
    if (!data) throw new NotFoundError('account', 'accountid', accountId);
    return data;
  }

  nextId(kind: IdKind): number {
    return this.next[kind]++;
  }

  onEvent(listener: (event: DomainEvent) => void): void {
    this.listeners.push(listener);
  }

  emit(accountId: string, name: string, objectId: number): void {
    for (const l of this.listeners) l({ accountId, name, objectId });
  }

  /** Random alphanumerics (tokens, codes, verifiers): repeatable for a seed. */
  token(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet.charAt(Math.floor(this.random.next() * alphabet.length));
    return out;
  }
}

/** Choice FB-32 (docs/api-notes.md): deleting fires `.delete`, archiving or restoring `.update`. */
export function visEvent(noun: string, vis: VisState): string {
  return vis === 1 ? `${noun}.delete` : `${noun}.update`;
}
