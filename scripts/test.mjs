#!/usr/bin/env node
// `npm test`: type-check, then vitest; the last line printed is always "N passed, N failed"
// so CI and people read one count. Extra arguments go to vitest (e.g. a file filter).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const results = resolve(root, '.test-results.json');
const args = process.argv.slice(2);
let passed = 0;
let failed = 0;

if (args.length === 0) {
  const tsc = spawnSync(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root], {
    stdio: 'inherit',
  });
  if (tsc.status === 0) passed += 1;
  else {
    failed += 1;
    console.error('type-check failed (counted as one failed test)');
  }
}

rmSync(results, { force: true });
const vitest = spawnSync(
  process.execPath,
  [
    resolve(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${results}`,
    ...args,
  ],
  { stdio: 'inherit', cwd: root },
);

if (existsSync(results)) {
  const report = JSON.parse(readFileSync(results, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A file that fails to load has no tests to count; it must still fail the run.
  const brokenFiles = report.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0);
  failed += brokenFiles.length;
  if (report.numPendingTests + report.numTodoTests > 0) {
    console.log(`${report.numPendingTests + report.numTodoTests} skipped (see notices above)`);
  }
  rmSync(results, { force: true });
} else {
  failed += 1;
  console.error('vitest produced no report');
}
if (vitest.status !== 0 && failed === 0) failed += 1;

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
