/** What a sync pass did, per flow: the counts a person reads and the failures they act on. */
import type { AttentionItem } from '../core/attention.js';

export const FLOWS = ['suppliers', 'purchase-orders', 'invoices', 'payments-to-freshbooks', 'payments-to-coupa'] as const;
export type Flow = (typeof FLOWS)[number];

type Outcome = 'created' | 'updated' | 'linked' | 'deleted' | 'skipped' | 'queued' | 'failed';

/** A record that needs a person, named, as the attention list has it. */
interface PersonNeeded {
  code: string;
  record: string;
  message: string;
  action: string;
}

interface Failure {
  record: string;
  reason: string;
}

export interface FlowReport {
  created: number;
  updated: number;
  linked: number;
  deleted: number;
  skipped: number;
  queued: number;
  failed: Failure[];
  /** Why records were skipped, counted (e.g. "unchanged": 12). */
  skippedReasons: Record<string, number>;
  /** Things worth a person's attention that are not failures. */
  notes: string[];
  /** Records this pass left for a person (also in `ml-connector attention list`). */
  needsPerson: PersonNeeded[];
}

export type SyncReport = Record<Flow, FlowReport>;

function emptyFlowReport(): FlowReport {
  return {
    created: 0,
    updated: 0,
    linked: 0,
    deleted: 0,
    skipped: 0,
    queued: 0,
    failed: [],
    skippedReasons: {},
    notes: [],
    needsPerson: [],
  };
}

export function emptyReport(): SyncReport {
  return {
    suppliers: emptyFlowReport(),
    'purchase-orders': emptyFlowReport(),
    invoices: emptyFlowReport(),
    'payments-to-freshbooks': emptyFlowReport(),
    'payments-to-coupa': emptyFlowReport(),
  };
}

export function record(report: SyncReport, flow: Flow, outcome: Exclude<Outcome, 'failed' | 'skipped'>): void {
  report[flow][outcome] += 1;
}

export function skipped(report: SyncReport, flow: Flow, reason: string): void {
  report[flow].skipped += 1;
  report[flow].skippedReasons[reason] = (report[flow].skippedReasons[reason] ?? 0) + 1;
}

export function failed(report: SyncReport, flow: Flow, failure: Failure): void {
  report[flow].failed.push(failure);
}

export function needsPerson(report: SyncReport, flow: Flow, item: AttentionItem): void {
  const entry = { code: item.code, record: item.record.label, message: item.message, action: item.action };
  if (!report[flow].needsPerson.some((p) => p.code === entry.code && p.record === entry.record)) report[flow].needsPerson.push(entry);
}

export function note(report: SyncReport, flow: Flow, text: string): void {
  if (!report[flow].notes.includes(text)) report[flow].notes.push(text);
}

/** Writes made: a second pass over unchanged data must report zero. */
export function writes(report: SyncReport): number {
  return Object.values(report).reduce((n, f) => n + f.created + f.updated + f.deleted, 0);
}

export function failures(report: SyncReport): number {
  return Object.values(report).reduce((n, f) => n + f.failed.length, 0);
}
