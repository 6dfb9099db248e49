/** Who makes a change and when: shared by API writes, control actions and seed loading. */
import { API_USER, BUYER_USER, ERP_USER } from '../reference-data.js';
import type { CoupaState } from '../state.js';
import { truncateToSecond } from '../time.js';
import type { CoupaEventType } from '../types.js';

export interface OpOptions {
  /** When the change happened (seed data carries its own history); default: the clock. */
  at?: number;
  /** 'api': the connector's OAuth client; 'buyer': a person in the Coupa UI (default); 'erp': another integration paying invoices. */
  actor?: 'api' | 'buyer' | 'erp';
  /** Seed loading: no pushes for records that already existed. */
  silent?: boolean;
}

export function changeTime(state: CoupaState, opts: OpOptions): number {
  return opts.at === undefined ? state.clock.now() : truncateToSecond(opts.at);
}

export function actorId(opts: OpOptions): number {
  return opts.actor === 'api' ? API_USER.id : opts.actor === 'erp' ? ERP_USER.id : BUYER_USER.id;
}

export function emit(state: CoupaState, opts: OpOptions, type: CoupaEventType, id: number): void {
  if (!opts.silent) state.emit(type, id);
}
