import { describe, expect, it } from 'vitest';
import { vendorFromSupplier } from '../../src/core/vendor-mapping.js';
import { supplier } from './fixtures.js';

describe('vendorFromSupplier', () => {
  it('maps name, contact, address, currency, phone and website', () => {
    expect(
      vendorFromSupplier(
        supplier({
          address: { street1: '1 Main St', street2: 'Suite 4', city: 'Tempe', state: 'AZ', postalCode: '85283', country: 'United States' },
        }),
      ),
    ).toEqual({
      vendorName: 'Acme Industrial',
      primaryContactFirstName: 'Dana',
      primaryContactLastName: 'Ng',
      primaryContactEmail: 'ap@acme.example',
      street: '1 Main St',
      street2: 'Suite 4',
      city: 'Tempe',
      province: 'AZ',
      postalCode: '85283',
      country: 'United States',
      phone: '+1 480 555 0100',
      website: 'acme.example',
      currencyCode: 'USD',
    });
  });

  it('keeps the country as Coupa gives it (code or name)', () => {
    const s = supplier();
    expect(vendorFromSupplier({ ...s, address: { ...s.address!, country: 'US' } }).country).toBe('US');
  });

  it('writes null for what Coupa does not have, so removals propagate', () => {
    const v = vendorFromSupplier(supplier({ contact: undefined, address: undefined, website: '  ', currency: undefined }));
    expect(v).toMatchObject({
      primaryContactFirstName: null,
      primaryContactEmail: null,
      street: null,
      street2: null,
      country: null,
      phone: null,
      website: null,
      currencyCode: null,
    });
    expect(Object.values(v).every((x) => x !== undefined)).toBe(true);
  });

  it('trims text and upper-cases the currency', () => {
    expect(vendorFromSupplier(supplier({ name: '  Acme  ', currency: 'eur' }))).toMatchObject({ vendorName: 'Acme', currencyCode: 'EUR' });
  });

  it('refuses a blank name', () => {
    expect(() => vendorFromSupplier(supplier({ name: '  ' }))).toThrow(/blank name/);
  });
});
