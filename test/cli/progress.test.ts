import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { describeProgress, etaMs, filledBar, FlowProgress, formatDuration } from '../../src/cli/progress.js';

function stream(tty: boolean) {
  const chunks: string[] = [];
  const out = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    { isTTY: tty },
  );
  return { out, text: () => chunks.join('') };
}

describe('FlowProgress', () => {
  it('draws a bar per flow in place on a terminal, ending each with its count', () => {
    const { out, text } = stream(true);
    const progress = new FlowProgress(out);
    progress.update('suppliers', 1);
    progress.update('purchase-orders', 1);
    progress.update('purchase-orders', 2);
    progress.finish();
    expect(text()).toContain('\rsuppliers');
    expect(text()).toMatch(/suppliers\s+\[█+\] 1 records\n/);
    expect(text()).toMatch(/purchase-orders\s+\[█+\] 2 records\n$/);
  });

  it('prints plain lines when not a terminal, and nothing at all when disabled', () => {
    const plain = stream(false);
    const progress = new FlowProgress(plain.out);
    for (let i = 1; i <= 1000; i++) progress.update('invoices', i);
    progress.finish();
    expect(plain.text()).toBe('invoices: started\ninvoices: 500 records\ninvoices: 1000 records\ninvoices: done, 1000 records\n');
    const quiet = stream(true);
    const off = new FlowProgress(quiet.out, false);
    off.update('invoices', 1);
    off.finish();
    expect(quiet.text()).toBe('');
  });
});

describe('the estimate: percent and ETA', () => {
  it('computes the time left from how far the flow moved and how long that took', () => {
    expect(etaMs(60_000, 0, 0.5)).toBe(60_000);
    expect(etaMs(30_000, 0.2, 0.4)).toBe(90_000); // a continued pass starts at 20%: only what moved counts
    expect(etaMs(10_000, 0, 1)).toBe(0);
    expect(etaMs(0, 0, 0.1)).toBeUndefined();
    expect(etaMs(10_000, 0.3, 0.3)).toBeUndefined();
  });

  it('renders durations, bars and the line', () => {
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(80_000)).toBe('1m20s');
    expect(formatDuration(7_500_000)).toBe('2h05m');
    expect(filledBar(0.62, 8)).toBe('████····');
    expect(filledBar(1.5, 4)).toBe('████');
    expect(describeProgress(1240, 0.62, 80_000)).toBe('62% 1,240 records, ETA 1m20s');
    expect(describeProgress(3, 0, undefined)).toBe('0% 3 records');
  });

  it('fills the bar with a percentage and an ETA on a terminal', () => {
    const { out, text } = stream(true);
    let now = 1_000_000;
    const progress = new FlowProgress(out, true, () => now);
    progress.update('invoices', 1, 0);
    now += 80_000;
    progress.update('invoices', 1240, 0.5);
    expect(text()).toContain('invoices                 [██████████··········] 50% 1,240 records, ETA 1m20s');
  });

  it('says percent and ETA every 500 records when not a terminal', () => {
    const plain = stream(false);
    let now = 0;
    const progress = new FlowProgress(plain.out, true, () => now);
    for (let i = 1; i <= 1000; i++) {
      now += 100;
      progress.update('invoices', i, i / 2000);
    }
    progress.finish();
    expect(plain.text()).toBe(
      'invoices: started\ninvoices: 25% 500 records, ETA 2m30s\ninvoices: 50% 1,000 records, ETA 1m40s\ninvoices: done, 1000 records\n',
    );
  });
});
