/** Jobs are built from deliveries and read back from a JSON column: both checked, never cast. */
import { describe, expect, it } from 'vitest';
import { BadJobError, coupaEventJob, jobForDelivery, readCoupaEventPayload, readFreshBooksEventPayload } from '../../src/app/job-kinds.js';
import type { Delivery } from '../../src/store/queries/deliveries.js';

const delivery = (over: Partial<Delivery>): Delivery => ({
  id: 'dlv_1',
  tenantId: 'acme',
  source: 'coupa',
  dedupeKey: 'msg_1',
  event: 'invoice.updated',
  objectType: 'invoice',
  objectId: '42',
  headers: {},
  body: '',
  remoteAddr: null,
  status: 'failed',
  attempts: 3,
  lastError: null,
  receivedAt: 0,
  processedAt: null,
  ...over,
});

describe('job kinds', () => {
  it('a replayed delivery gets the job its first delivery got', () => {
    expect(jobForDelivery(delivery({}))).toEqual(coupaEventJob('invoice', { type: 'invoice.updated', id: '42' }));
    expect(jobForDelivery(delivery({ source: 'freshbooks', event: 'bill.update', objectType: 'bill', objectId: '7' }))).toMatchObject({
      kind: 'freshbooks-event',
      recordKey: 'freshbooks:bill:7',
      payload: { event: 'bill.update', objectId: '7' },
    });
  });

  it('refuses a delivery whose object type is not one this version syncs', () => {
    expect(() => jobForDelivery(delivery({ objectType: 'contract' }))).toThrow(BadJobError);
    expect(() => jobForDelivery(delivery({ source: 'freshbooks', objectType: 'invoice' }))).toThrow(/dlv_1/);
  });

  it('reads payloads back only in the shape they were written', () => {
    expect(readCoupaEventPayload(1, { type: 'supplier.updated', id: '9' })).toEqual({ type: 'supplier.updated', id: '9' });
    expect(() => readCoupaEventPayload(1, { type: 'supplier.updated', id: 9 })).toThrow(BadJobError);
    expect(readFreshBooksEventPayload(2, { event: 'bill.create', objectId: '5', accountId: 'A1' })).toEqual({
      event: 'bill.create',
      objectId: '5',
      accountId: 'A1',
    });
    expect(() => readFreshBooksEventPayload(2, { event: 'bill.create' })).toThrow(/job 2/);
  });
});
