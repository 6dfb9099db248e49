/**
 * The demo tenant: Northwind Consulting, a consulting firm with a dozen suppliers (a law firm,
 * cloud hosting, office supplies, a travel agency, a recruiting agency, a freelancer…), a few
 * POs in various states, approved and pending invoices, two payments, and a FreshBooks that
 * already knows one supplier by the exact name and another by a near name.
 */
import type { CoupaSeed, SupplierSeed } from '../coupa/seed.js';
import type { FreshBooksVendorSeed } from './freshbooks.js';

export const DEMO_COMPANY = 'Northwind Consulting';

type Place = { street1: string; city: string; state: string | null; postalCode: string; country: string };

function supplier(n: number, name: string, paymentTerm: string, email: string, phone: string, address: Place, contact: [string, string], createdAt: string): SupplierSeed {
  const domain = email.split('@')[1]!;
  return {
    name,
    displayName: name,
    number: `SUP-${String(n).padStart(5, '0')}`,
    status: 'active',
    website: `https://www.${domain}`,
    paymentTerm,
    poEmail: `orders@${domain}`,
    contact: { email, firstName: contact[0], lastName: contact[1], phone },
    address,
    createdAt,
  };
}

const SUPPLIERS: SupplierSeed[] = [
  supplier(1, 'Hartley & Finch LLP', 'Net 30', 'billing@hartleyfinch.example', '+1 206 5550141', { street1: '1200 Fifth Ave', city: 'Seattle', state: 'WA', postalCode: '98101', country: 'US' }, ['Eleanor', 'Hartley'], '2025-09-02T16:20:00Z'),
  supplier(2, 'Nimbus Cloud Hosting Inc.', 'Net 15', 'ar@nimbuscloud.example', '+1 512 5550188', { street1: '300 Congress Ave', city: 'Austin', state: 'TX', postalCode: '78701', country: 'US' }, ['Priya', 'Raman'], '2025-09-03T18:05:00Z'),
  supplier(3, 'Acme Inc.', 'Net 30', 'invoices@acme-supplies.example', '+1 617 5550102', { street1: '88 Summer St', city: 'Boston', state: 'MA', postalCode: '02110', country: 'US' }, ['Dana', 'Ng'], '2025-09-05T14:00:00Z'),
  supplier(4, 'Voyages Lumière SARL', 'Net 30', 'factures@voyages-lumiere.example', '+33 1 42685300', { street1: '14 Rue de la Paix', city: 'Paris', state: null, postalCode: '75002', country: 'FR' }, ['Chloé', 'Lefèvre'], '2025-09-10T09:30:00Z'),
  supplier(5, 'TalentBridge Recruiting Ltd', 'Net 45', 'accounts@talentbridge.example', '+44 20 79460958', { street1: '22 Finsbury Square', city: 'London', state: null, postalCode: 'EC2A 1DX', country: 'GB' }, ['Siobhán', 'Brennan'], '2025-09-12T11:45:00Z'),
  supplier(6, 'Jordan Reyes', 'Net 15', 'jordan@reyes-ux.example', '+1 303 5550177', { street1: '1550 Larimer St', city: 'Denver', state: 'CO', postalCode: '80202', country: 'US' }, ['Jordan', 'Reyes'], '2025-09-15T20:10:00Z'),
  supplier(7, "O'Brien & Sons, LLC", 'Net 45', 'office@obrien-sons.example', '+1 312 5550123', { street1: '401 N Wabash Ave', city: 'Chicago', state: 'IL', postalCode: '60611', country: 'US' }, ['Liam', "O'Brien"], '2025-09-18T15:00:00Z'),
  supplier(8, 'Société Générale Conseil S.A.', 'Net 30', 'compta@sg-conseil.example', '+33 4 72001234', { street1: '5 Place Bellecour', city: 'Lyon', state: null, postalCode: '69002', country: 'FR' }, ['Noémie', 'Dubois'], '2025-09-22T08:15:00Z'),
  supplier(9, 'Maple Leaf Couriers Inc.', 'Net 15', 'billing@mapleleafcouriers.example', '+1 416 5550199', { street1: '100 King Street West', city: 'Toronto', state: 'ON', postalCode: 'M5X 1A9', country: 'CA' }, ['Mateo', 'García'], '2025-09-25T13:40:00Z'),
  supplier(10, 'Kōbō Translation K.K.', 'Net 30', 'seikyu@kobo-translation.example', '+81 3 52181234', { street1: '1-1 Marunouchi', city: 'Tōkyō', state: null, postalCode: '100-0005', country: 'JP' }, ['Kenji', 'Nakamura'], '2025-10-01T01:00:00Z'),
  supplier(11, 'Brightline Telecom Co.', 'Net 30', 'billing@brightline.example', '+1 408 5550160', { street1: '60 S Market St', city: 'San Jose', state: 'CA', postalCode: '95113', country: 'US' }, ['Aisha', 'Okafor'], '2025-10-02T17:25:00Z'),
  supplier(12, 'Müller & Söhne GmbH', 'Net 45', 'rechnung@mueller-soehne.example', '+49 89 21093400', { street1: 'Königsallee 12', city: 'München', state: 'BY', postalCode: '80331', country: 'DE' }, ['Jürgen', 'Müller'], '2025-10-06T07:50:00Z'),
];

export function demoCoupa(): CoupaSeed {
  return {
    suppliers: structuredClone(SUPPLIERS),
    purchaseOrders: [
      { poNumber: '2401', supplierNumber: 'SUP-00001', currency: 'USD', status: 'issued', createdAt: '2025-11-03T17:00:00Z', lines: [
        { description: 'Legal services – Q1 retainer', price: '12000.00', accountCode: 'NW-FIN-6300' },
        { description: 'Contract review', quantity: '6', price: '450.00', uom: 'HR', accountCode: 'NW-OPS-6300' },
      ] },
      { poNumber: '2402', supplierNumber: 'SUP-00002', currency: 'USD', status: 'issued', exported: true, createdAt: '2025-11-04T19:30:00Z', lines: [
        { description: 'Cloud hosting – production cluster', quantity: '12', price: '1850.00', uom: 'MO', accountCode: 'NW-IT-6200' },
        { description: 'Managed PostgreSQL', quantity: '12', price: '420.00', uom: 'MO', accountCode: 'NW-IT-6200' },
        { description: 'Premium support plan (annual)', price: '3600.00', accountCode: 'NW-DEL-6200' },
      ] },
      { poNumber: '2403', supplierNumber: 'SUP-00003', currency: 'USD', status: 'issued', exported: true, createdAt: '2025-11-10T15:10:00Z', lines: [
        { description: 'Printer paper (case)', quantity: '20', price: '38.50', uom: 'EA', accountCode: 'NW-OPS-6100' },
        { description: 'Toner cartridge', quantity: '8', price: '112.99', uom: 'EA', accountCode: 'NW-OPS-6100' },
        { description: 'Ergonomic chair', quantity: '4', price: '489.00', uom: 'EA', accountCode: 'NW-HR-6100' },
      ] },
      { poNumber: '2404', supplierNumber: 'SUP-00004', currency: 'EUR', status: 'issued', createdAt: '2025-11-18T10:00:00Z', lines: [
        { description: 'Déplacement client – Lyon (train + hôtel)', price: '2340.00', accountCode: 'NW-SALES-6400' },
      ] },
      { poNumber: '2405', supplierNumber: 'SUP-00005', currency: 'GBP', status: 'draft', createdAt: '2025-12-01T12:00:00Z', lines: [
        { description: 'Placement fee – Senior Consultant', price: '18500.00', accountCode: 'NW-HR-6500' },
      ] },
      { poNumber: '2406', supplierNumber: 'SUP-00006', currency: 'USD', status: 'issued', createdAt: '2025-12-02T16:45:00Z', lines: [
        { description: 'UX research consulting', quantity: '40', price: '95.00', uom: 'HR', accountCode: 'NW-DEL-6600' },
      ] },
      { poNumber: '2407', supplierNumber: 'SUP-00009', currency: 'CAD', status: 'cancelled', exported: true, createdAt: '2025-12-05T14:20:00Z', lines: [
        { description: 'Courier services – Q1', price: '600.00', accountCode: 'NW-OPS-6900' },
      ] },
      { poNumber: '2408', supplierNumber: 'SUP-00010', currency: 'JPY', status: 'issued', createdAt: '2025-12-08T02:00:00Z', lines: [
        { description: 'Translation – proposal deck (EN→JA)', quantity: '1', price: '185000', uom: 'EA', accountCode: 'NW-SALES-6600' },
      ] },
      { poNumber: '2409', supplierNumber: 'SUP-00012', currency: 'EUR', status: 'issued', version: 2, createdAt: '2025-12-09T08:30:00Z', lines: [
        { description: 'Laptop 14" (32 GB)', quantity: '5', price: '1649.00', uom: 'EA', accountCode: 'NW-IT-1500' },
        { description: 'USB-C dock', quantity: '5', price: '189.90', uom: 'EA', accountCode: 'NW-IT-1500' },
      ] },
    ],
    invoices: [
      { invoiceNumber: 'HF-2026-0117', supplierNumber: 'SUP-00001', poNumber: '2401', invoiceDate: '2026-01-17', status: 'approved', createdAt: '2026-01-17T18:00:00Z',
        lines: [{ poLineNum: '1' }, { poLineNum: '2' }] },
      { invoiceNumber: 'NCH-55012', supplierNumber: 'SUP-00002', poNumber: '2402', invoiceDate: '2025-12-31', status: 'approved', exported: true, createdAt: '2026-01-02T16:00:00Z',
        lines: [{ poLineNum: '1', quantity: '3' }, { poLineNum: '2', quantity: '3' }] },
      { invoiceNumber: 'NCH-55348', supplierNumber: 'SUP-00002', poNumber: '2402', invoiceDate: '2026-01-31', status: 'pending_approval', createdAt: '2026-01-31T16:00:00Z',
        lines: [{ poLineNum: '1', quantity: '1' }, { poLineNum: '2', quantity: '1' }] },
      { invoiceNumber: 'A-99321', supplierNumber: 'SUP-00003', poNumber: '2403', invoiceDate: '2025-11-24', status: 'approved', exported: true, createdAt: '2025-11-25T15:00:00Z',
        lines: [{ poLineNum: '1' }, { poLineNum: '2' }, { poLineNum: '3' }],
        payments: [{ amount: '3629.92', date: '2025-12-22', notes: 'ACH-20251222-0042' }] },
      { invoiceNumber: 'JR-014', supplierNumber: 'SUP-00006', poNumber: '2406', invoiceDate: '2026-01-09', status: 'approved', createdAt: '2026-01-09T21:00:00Z',
        lines: [{ poLineNum: '1', quantity: '24' }],
        payments: [{ amount: '1000.00', date: '2026-01-20', notes: 'WIRE-88213' }] },
      { invoiceNumber: 'BT-2026-01', supplierNumber: 'SUP-00011', currency: 'USD', invoiceDate: '2026-01-05', status: 'approved', createdAt: '2026-01-06T17:30:00Z', lines: [
        { description: 'Mobile plans – January', quantity: '14', price: '45.00', uom: 'MO', accountCode: 'NW-OPS-6700' },
        { description: 'Office internet – January', quantity: '1', price: '389.00', uom: 'MO', accountCode: 'NW-IT-6700' },
      ] },
      { invoiceNumber: 'OBS-7781', supplierNumber: 'SUP-00007', currency: 'USD', invoiceDate: '2026-01-28', status: 'pending_approval', createdAt: '2026-01-28T22:10:00Z', lines: [
        { description: 'Office cleaning – January', price: '1450.00', accountCode: 'NW-OPS-6800' },
      ] },
      { invoiceNumber: 'KT-0042', supplierNumber: 'SUP-00010', poNumber: '2408', invoiceDate: '2025-12-19', status: 'approved', createdAt: '2025-12-19T03:00:00Z', lines: [{ poLineNum: '1' }] },
      { invoiceNumber: 'FA-2026-0031', supplierNumber: 'SUP-00008', currency: 'EUR', invoiceDate: '2026-01-12', status: 'approved', taxAmount: '1560.00', createdAt: '2026-01-12T09:00:00Z', lines: [
        { description: 'Atelier stratégie – animation (2 jours)', price: '7800.00', accountCode: 'NW-DEL-6600' },
      ] },
    ],
  };
}

export function demoFreshBooksVendors(): FreshBooksVendorSeed[] {
  return [
    // Exactly a Coupa supplier's name: the connector must link it, not create a second vendor.
    { vendor_name: 'Nimbus Cloud Hosting Inc.', currency_code: 'USD', primary_contact_email: 'ar@nimbuscloud.example', city: 'Austin', country: 'United States', phone: '+1 512 5550188', website: 'https://www.nimbuscloud.example' },
    // Close to "Acme Inc." but not equal: the connector must queue it for review.
    { vendor_name: 'ACME Inc', currency_code: 'USD', primary_contact_email: 'invoices@acme-supplies.example', city: 'Boston', country: 'United States', phone: null, website: null },
    // Only in FreshBooks.
    { vendor_name: 'Riverside Parking Co.', currency_code: 'USD', primary_contact_email: 'billing@riverside-parking.example', city: 'Redwood City', country: 'United States', phone: '+1 650 5550110', website: null },
  ];
}
