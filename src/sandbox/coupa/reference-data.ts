/**
 * Reference data every simulated Coupa instance starts with: currencies, payment terms, units
 * of measure, the users that appear in created-by/updated-by, and the demo firm's chart of
 * accounts (company-costcentre-GL, e.g. "NW-OPS-6100").
 */
import type { AccountTypeRecord, CurrencyRecord, PaymentTermRecord, TaxCodeRecord, UomRecord, UserRecord } from './types.js';

// Ids are scattered on purpose (Coupa's USD is 1, others are whatever the instance created), so a
// client that confuses an id with a position or a code is caught.
export const CURRENCIES: readonly CurrencyRecord[] = [
  { id: 1, code: 'USD', decimals: 2 },
  { id: 3, code: 'EUR', decimals: 2 },
  { id: 4, code: 'GBP', decimals: 2 },
  { id: 9, code: 'CAD', decimals: 2 },
  { id: 17, code: 'JPY', decimals: 0 },
];

export const PAYMENT_TERMS: readonly PaymentTermRecord[] = [
  {
    id: 2,
    code: 'Net 15',
    description: 'Payment due 15 days after invoice date',
    daysForNetPayment: 15,
    daysForDiscountPayment: null,
    discountRate: null,
  },
  {
    id: 3,
    code: 'Net 30',
    description: 'Payment due 30 days after invoice date',
    daysForNetPayment: 30,
    daysForDiscountPayment: null,
    discountRate: null,
  },
  {
    id: 5,
    code: 'Net 45',
    description: 'Payment due 45 days after invoice date',
    daysForNetPayment: 45,
    daysForDiscountPayment: null,
    discountRate: null,
  },
  {
    id: 8,
    code: '2/10 Net 30',
    description: '2% discount if paid within 10 days, net 30',
    daysForNetPayment: 30,
    daysForDiscountPayment: 10,
    discountRate: '2.0',
  },
];

export const UOMS: readonly UomRecord[] = [
  { id: 1, code: 'EA', name: 'Each' },
  { id: 4, code: 'HR', name: 'Hour' },
  { id: 6, code: 'MO', name: 'Month' },
  { id: 7, code: 'DAY', name: 'Day' },
];

/** Who writes through the API (the integration's OAuth client acts as this user). */
export const API_USER: UserRecord = {
  id: 14,
  login: 'integration.api',
  email: 'integration.api@northwind.example',
  firstname: 'Integration',
  lastname: 'API',
  employeeNumber: null,
};

/** Who acts through the control API (a buyer / AP clerk in the Coupa UI). */
export const BUYER_USER: UserRecord = {
  id: 21,
  login: 'morgan.lee',
  email: 'morgan.lee@northwind.example',
  firstname: 'Morgan',
  lastname: 'Lee',
  employeeNumber: 'E-1042',
};

/** Who records payments through the control API: another integration (an ERP, Coupa Pay). */
export const ERP_USER: UserRecord = {
  id: 16,
  login: 'erp.payments',
  email: 'erp.payments@northwind.example',
  firstname: 'ERP',
  lastname: 'Payments',
  employeeNumber: null,
};

export const USERS: readonly UserRecord[] = [API_USER, BUYER_USER, ERP_USER];

export const ACCOUNT_TYPES: readonly AccountTypeRecord[] = [{ id: 1, name: 'Northwind Consulting COA', currencyId: 1 }];

/** The tax codes of the demo instance; a header's `taxCode` must name one of them. */
export const TAX_CODES: readonly TaxCodeRecord[] = [
  { id: 1, code: 'CA-SALES', description: 'California sales tax', percentage: '8.25', active: true },
  { id: 2, code: 'GB-VAT20', description: 'UK VAT standard rate', percentage: '20.0', active: true },
  { id: 3, code: 'DE-MWST19', description: 'Umsatzsteuer 19 %', percentage: '19.0', active: true },
  { id: 4, code: 'EXEMPT', description: 'Tax exempt', percentage: '0.0', active: true },
  { id: 5, code: 'MANUAL', description: 'Tax entered by hand', percentage: null, active: true },
];

const COST_CENTRES: Readonly<Record<string, string>> = {
  OPS: 'Operations',
  IT: 'IT',
  HR: 'People',
  FIN: 'Finance',
  SALES: 'Sales',
  DEL: 'Client Delivery',
};

const GL_ACCOUNTS: Readonly<Record<string, string>> = {
  '1500': 'Computer Equipment',
  '6100': 'Office Supplies',
  '6200': 'Cloud Hosting & Software',
  '6300': 'Legal & Professional Fees',
  '6400': 'Travel',
  '6500': 'Recruiting',
  '6600': 'Subcontractors',
  '6700': 'Telecommunications',
  '6800': 'Facilities & Cleaning',
  '6900': 'Courier & Postage',
};

export const COMPANY_SEGMENT = 'NW';

/** The demo firm's chart: every cost centre × GL account under company "NW". */
export function defaultChartOfAccounts(): Array<{ code: string; name: string }> {
  const out: Array<{ code: string; name: string }> = [];
  for (const [cc, ccName] of Object.entries(COST_CENTRES)) {
    for (const [gl, glName] of Object.entries(GL_ACCOUNTS)) {
      out.push({ code: `${COMPANY_SEGMENT}-${cc}-${gl}`, name: `${ccName} - ${glName}` });
    }
  }
  return out;
}

/** Countries as Coupa nests them in addresses ({id, code, name}). */
export const COUNTRIES: Readonly<Record<string, { id: number; code: string; name: string }>> = {
  US: { id: 223, code: 'US', name: 'United States' },
  CA: { id: 38, code: 'CA', name: 'Canada' },
  GB: { id: 222, code: 'GB', name: 'United Kingdom' },
  IE: { id: 103, code: 'IE', name: 'Ireland' },
  FR: { id: 73, code: 'FR', name: 'France' },
  DE: { id: 81, code: 'DE', name: 'Germany' },
  ES: { id: 195, code: 'ES', name: 'Spain' },
  NL: { id: 150, code: 'NL', name: 'Netherlands' },
  JP: { id: 108, code: 'JP', name: 'Japan' },
};

/** Where every order is shipped: the demo firm's office. */
export const SHIP_TO_ADDRESS = {
  id: 1,
  name: 'Northwind HQ',
  street1: '250 Sycamore Ave',
  street2: 'Suite 400',
  city: 'Redwood City',
  state: 'CA',
  postalCode: '94063',
  countryCode: 'US',
} as const;
