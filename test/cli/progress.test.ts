import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FlowProgress } from '../../src/cli/progress.js';

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
