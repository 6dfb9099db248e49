/**
 * What a pass did — or, in a dry run, would do — record by record, made of its events: the
 * plan a person reads before the first write, and the report a controller signs after it.
 * One shape for both, so a plan and the pass that follows it can be compared line by line.
 */
import { z } from 'zod';
import { Decimal } from '../lib/decimal.js';
import type { WriteEvent } from './context.js';
import type { Flow } from './report.js';

/** What happened to a record, in a controller's words. */
export type OutcomeAction =
  | 'create'
  | 'update'
  | 'delete'
  /** An existing record on the other side was linked instead of written again (a hand-keyed bill, a vendor of the same name). */
  | 'adopt'
  | 'mark-exported'
  /** Nothing written: a person decides (review queue or attention list); `detail` says what. */
  | 'hold'
  /** Dated before the tenant's start date: not written. */
  | 'skip-before-start';

export interface OutcomeItem {
  flow: Flow;
  action: OutcomeAction;
  /** vendor, po, invoice, payment, or the kind of record a person is asked about. */
  record: string;
  coupaId: string;
  /** The FreshBooks record written or adopted; null for one a dry run would create. */
  freshbooksId: string | null;
  label: string;
  amount: string | null;
  currency: string | null;
  detail: string | null;
}

export interface OutcomeTotal {
  flow: Flow;
  action: OutcomeAction;
  /** Null for records that carry no money (vendors, held suppliers). */
  currency: string | null;
  count: number;
  /** Summed per currency only: currencies are never added together. */
  amount: string | null;
}

export interface Outcome {
  items: OutcomeItem[];
  totals: OutcomeTotal[];
}

const ACTIONS: Record<WriteEvent['action'], OutcomeAction> = {
  create: 'create',
  'record-payment': 'create',
  update: 'update',
  delete: 'delete',
  link: 'adopt',
  'mark-exported': 'mark-exported',
  'queue-review': 'hold',
  attention: 'hold',
  'skip-before-start': 'skip-before-start',
};

function outcomeItem(event: WriteEvent, isPlanned: (id: string) => boolean = () => false): OutcomeItem {
  return {
    flow: event.flow,
    action: ACTIONS[event.action],
    record: event.linkKind,
    coupaId: event.coupaId,
    freshbooksId: event.freshbooksId === null || isPlanned(event.freshbooksId) ? null : event.freshbooksId,
    label: event.label ?? `${event.linkKind} ${event.coupaId}`,
    amount: event.amount ?? null,
    currency: event.currency ?? null,
    detail: event.detail ?? null,
  };
}

export function outcomeOf(events: readonly WriteEvent[], isPlanned?: (id: string) => boolean): Outcome {
  const items = events.map((e) => outcomeItem(e, isPlanned));
  return { items, totals: totalsOf(items) };
}

/** One report of several passes (a first sync stopped and continued), in the order they ran. */
export function mergeOutcomes(outcomes: readonly Outcome[]): Outcome {
  const items = outcomes.flatMap((o) => o.items);
  return { items, totals: totalsOf(items) };
}

function totalsOf(items: readonly OutcomeItem[]): OutcomeTotal[] {
  const byKey = new Map<string, { total: OutcomeTotal; sum: Decimal | null }>();
  for (const item of items) {
    const key = [item.flow, item.action, item.currency ?? ''].join('\u0000');
    const entry = byKey.get(key) ?? {
      total: { flow: item.flow, action: item.action, currency: item.currency, count: 0, amount: null },
      sum: item.amount === null ? null : Decimal.ZERO,
    };
    entry.total.count += 1;
    if (item.amount !== null) entry.sum = (entry.sum ?? Decimal.ZERO).add(Decimal.parse(item.amount));
    byKey.set(key, entry);
  }
  return [...byKey.values()].map(({ total, sum }) => ({ ...total, amount: sum === null ? null : sum.toString() }));
}

const ACTION_NAMES = [
  'create',
  'update',
  'delete',
  'adopt',
  'mark-exported',
  'hold',
  'skip-before-start',
] as const satisfies readonly OutcomeAction[];
const FLOW_NAMES = [
  'suppliers',
  'purchase-orders',
  'invoices',
  'payments-to-freshbooks',
  'payments-to-coupa',
] as const satisfies readonly Flow[];
const nullable = z.string().nullable();
const outcomeSchema = z.object({
  items: z.array(
    z.object({
      flow: z.enum(FLOW_NAMES),
      action: z.enum(ACTION_NAMES),
      record: z.string(),
      coupaId: z.string(),
      freshbooksId: nullable,
      label: z.string(),
      amount: nullable,
      currency: nullable,
      detail: nullable,
    }),
  ),
  totals: z.array(
    z.object({ flow: z.enum(FLOW_NAMES), action: z.enum(ACTION_NAMES), currency: nullable, count: z.number().int(), amount: nullable }),
  ),
});

/** An outcome read back from where it was stored; undefined when it is not one. */
export function parseOutcome(raw: unknown): Outcome | undefined {
  const parsed = outcomeSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
