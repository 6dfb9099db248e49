/**
 * The raw material of generated tenants: countries with their currency, people, streets,
 * and industries with the GL account and the kind of lines their POs carry.
 */

export interface CountryInfo {
  code: string;
  name: string;
  currency: string;
  phonePrefix: string;
  cities: Array<{ city: string; state: string | null; postalCode: string }>;
}

export const COUNTRIES: readonly CountryInfo[] = [
  {
    code: 'US',
    name: 'United States',
    currency: 'USD',
    phonePrefix: '+1',
    cities: [
      { city: 'Seattle', state: 'WA', postalCode: '98101' },
      { city: 'Boston', state: 'MA', postalCode: '02110' },
      { city: 'Austin', state: 'TX', postalCode: '78701' },
      { city: 'Denver', state: 'CO', postalCode: '80202' },
      { city: 'Chicago', state: 'IL', postalCode: '60601' },
      { city: 'San Jose', state: 'CA', postalCode: '95113' },
    ],
  },
  {
    code: 'CA',
    name: 'Canada',
    currency: 'CAD',
    phonePrefix: '+1',
    cities: [
      { city: 'Toronto', state: 'ON', postalCode: 'M5H 2N2' },
      { city: 'Montréal', state: 'QC', postalCode: 'H3B 1A7' },
      { city: 'Vancouver', state: 'BC', postalCode: 'V6C 1T2' },
    ],
  },
  {
    code: 'GB',
    name: 'United Kingdom',
    currency: 'GBP',
    phonePrefix: '+44',
    cities: [
      { city: 'London', state: null, postalCode: 'EC2A 4NE' },
      { city: 'Manchester', state: null, postalCode: 'M1 1AE' },
    ],
  },
  {
    code: 'FR',
    name: 'France',
    currency: 'EUR',
    phonePrefix: '+33',
    cities: [
      { city: 'Paris', state: null, postalCode: '75008' },
      { city: 'Lyon', state: null, postalCode: '69002' },
    ],
  },
  {
    code: 'DE',
    name: 'Germany',
    currency: 'EUR',
    phonePrefix: '+49',
    cities: [
      { city: 'München', state: 'BY', postalCode: '80331' },
      { city: 'Köln', state: 'NW', postalCode: '50667' },
    ],
  },
  { code: 'ES', name: 'Spain', currency: 'EUR', phonePrefix: '+34', cities: [{ city: 'Málaga', state: null, postalCode: '29001' }] },
  { code: 'JP', name: 'Japan', currency: 'JPY', phonePrefix: '+81', cities: [{ city: 'Tōkyō', state: null, postalCode: '100-0005' }] },
];

/** Country weights for generated suppliers (mostly domestic, a long foreign tail). */
export const COUNTRY_WEIGHTS: Readonly<Record<string, number>> = { US: 45, CA: 10, GB: 12, FR: 10, DE: 10, ES: 5, JP: 8 };

export const GIVEN_NAMES = [
  'Dana',
  'Priya',
  'José',
  'Chloé',
  'Jürgen',
  'Siobhán',
  'Kenji',
  'Aisha',
  'Mateo',
  'Zoë',
  'Björn',
  'Noémie',
  'Ravi',
  'Hana',
  'Liam',
];
export const FAMILY_NAMES = [
  'Ng',
  'Okafor',
  'Peña',
  'Müller',
  "O'Connor",
  'Nakamura',
  'Dubois',
  'Ivanova',
  'García',
  'Smith',
  'Lefèvre',
  'Kowalski',
  'Chen',
  'Brennan',
];
export const STREETS = [
  'Main St',
  'Market Street',
  'Rue de la Paix',
  'Königsallee',
  'Calle Mayor',
  'King Street West',
  'High Street',
  'Elm Avenue',
];

export interface Industry {
  key: string;
  gl: string;
  /** Cost centres that usually carry this spend. */
  costCentres: string[];
  nameWords: string[];
  lines: Array<{ description: string; kind: 'quantity' | 'amount'; uom?: string; min: number; max: number; fractional?: boolean }>;
}

export const INDUSTRIES: readonly Industry[] = [
  {
    key: 'legal',
    gl: '6300',
    costCentres: ['FIN', 'OPS'],
    nameWords: ['Legal', 'Law Partners', 'Advocates', 'Counsel'],
    lines: [
      { description: 'Legal services', kind: 'amount', min: 1500, max: 20000 },
      { description: 'Contract review (hours)', kind: 'quantity', uom: 'HR', min: 300, max: 650, fractional: true },
    ],
  },
  {
    key: 'cloud',
    gl: '6200',
    costCentres: ['IT', 'DEL'],
    nameWords: ['Cloud', 'Hosting', 'Data Systems', 'Networks'],
    lines: [
      { description: 'Cloud hosting – production', kind: 'quantity', uom: 'MO', min: 800, max: 4000 },
      { description: 'Managed database', kind: 'quantity', uom: 'MO', min: 200, max: 1500 },
      { description: 'Support plan', kind: 'amount', min: 500, max: 6000 },
    ],
  },
  {
    key: 'office',
    gl: '6100',
    costCentres: ['OPS', 'HR'],
    nameWords: ['Office Supply', 'Stationers', 'Papeterie', 'Supplies'],
    lines: [
      { description: 'Printer paper (case)', kind: 'quantity', uom: 'EA', min: 25, max: 60 },
      { description: 'Toner cartridge', kind: 'quantity', uom: 'EA', min: 60, max: 180 },
      { description: 'Ergonomic chair', kind: 'quantity', uom: 'EA', min: 250, max: 900 },
    ],
  },
  {
    key: 'travel',
    gl: '6400',
    costCentres: ['SALES', 'DEL'],
    nameWords: ['Travel', 'Voyages', 'Reisen', 'Journeys'],
    lines: [
      { description: 'Client visit travel', kind: 'amount', min: 300, max: 4500 },
      { description: 'Hotel nights', kind: 'quantity', uom: 'DAY', min: 120, max: 380 },
    ],
  },
  {
    key: 'recruiting',
    gl: '6500',
    costCentres: ['HR'],
    nameWords: ['Recruiting', 'Talent', 'Search Partners', 'Staffing'],
    lines: [{ description: 'Placement fee – Senior Consultant', kind: 'amount', min: 8000, max: 25000 }],
  },
  {
    key: 'contractor',
    gl: '6600',
    costCentres: ['DEL', 'IT'],
    nameWords: ['Consulting', 'Conseil', 'Beratung', 'Advisory'],
    lines: [
      { description: 'Consulting hours', kind: 'quantity', uom: 'HR', min: 60, max: 180, fractional: true },
      { description: 'Fixed-fee workshop', kind: 'amount', min: 2000, max: 12000 },
    ],
  },
  {
    key: 'telecom',
    gl: '6700',
    costCentres: ['IT', 'OPS'],
    nameWords: ['Telecom', 'Mobile', 'Fibre', 'Communications'],
    lines: [
      { description: 'Mobile plans', kind: 'quantity', uom: 'MO', min: 40, max: 90 },
      { description: 'Office internet', kind: 'quantity', uom: 'MO', min: 150, max: 900 },
    ],
  },
  {
    key: 'facilities',
    gl: '6800',
    costCentres: ['OPS'],
    nameWords: ['Facilities', 'Cleaning', 'Maintenance', 'Services'],
    lines: [
      { description: 'Office cleaning', kind: 'amount', min: 400, max: 3000 },
      { description: 'HVAC maintenance', kind: 'amount', min: 250, max: 2500 },
    ],
  },
  {
    key: 'hardware',
    gl: '1500',
    costCentres: ['IT'],
    nameWords: ['Computers', 'Systems', 'Technik', 'Electronics'],
    lines: [
      { description: 'Laptop 14"', kind: 'quantity', uom: 'EA', min: 900, max: 2800 },
      { description: 'USB-C dock', kind: 'quantity', uom: 'EA', min: 120, max: 320 },
    ],
  },
  {
    key: 'courier',
    gl: '6900',
    costCentres: ['OPS'],
    nameWords: ['Couriers', 'Express', 'Logistics', 'Messengers'],
    lines: [{ description: 'Courier services', kind: 'amount', min: 40, max: 800 }],
  },
];

/** Name parts per country: accents and punctuation as real supplier masters carry them. */
/** Name parts per country code; `US` also serves countries without their own. */
export const NAME_PARTS: Readonly<
  Record<string, { words: string[]; suffixes: string[] }> & { US: { words: string[]; suffixes: string[] } }
> = {
  US: {
    words: [
      'Acme',
      'Summit',
      'Harbor',
      'Bluebird',
      'Granite',
      'Redwood',
      'Liberty',
      'Pioneer',
      'Cascade',
      'Northstar',
      'Keystone',
      'Maple',
    ],
    suffixes: ['Inc.', 'LLC', 'Co.', ', Inc.', 'Corp.', '& Sons, LLC', 'Group'],
  },
  CA: { words: ['Maple Leaf', 'Laurentian', 'Boréal', 'Prairie', 'Québécois', 'Muskoka'], suffixes: ['Inc.', 'Ltd.', 'Ltée', 'Corp.'] },
  GB: { words: ['Thames', 'Albion', 'Pennine', 'Whitehall', 'Cotswold', 'Brennan & Hart'], suffixes: ['Ltd', 'PLC', 'LLP', '& Co. Ltd'] },
  FR: {
    words: ['Société Générale', 'Lumière', 'Crème de la Côte', 'Éditions du Marché', 'Hôtel-Dieu', 'Château Rouge'],
    suffixes: ['S.A.', 'SARL', 'S.A.S.', 'et Fils'],
  },
  DE: {
    words: ['Müller & Söhne', 'Schäfer', 'Größenwahn', 'Bäckerei Weiß', 'Nordlicht', 'Königsberg'],
    suffixes: ['GmbH', 'AG', 'KG', 'GmbH & Co. KG'],
  },
  ES: { words: ['Peña', 'Núñez y Asociados', 'Montaña Azul', 'Señorío'], suffixes: ['S.L.', 'S.A.'] },
  JP: { words: ['Kōbō', 'Tōkyō Shōji', 'Sakura', 'Fuji Kōgyō'], suffixes: ['K.K.', 'Co., Ltd.', 'G.K.'] },
};
