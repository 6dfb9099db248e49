#!/usr/bin/env node
// `npm test`: build, type-check, then vitest; the last line printed is always
// "N passed, N failed" so CI and people read one count. Extra arguments go to vitest (e.g. a
// file filter); the build runs then too (the CLI tests spawn the compiled binary, which must
// be the current sources), the whole-project type-check only for the full suite.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const results = resolve(root, '.test-results.json');
const args = process.argv.slice(2);
let passed = 0;
let failed = 0;

// The build type-checks src/ as it compiles it: one test.
const build = spawnSync(process.execPath, [resolve(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
if (build.status === 0) passed += 1;
else {
  failed += 1;
  console.error('build failed (counted as one failed test; the CLI tests below cannot run the binary)');
}

// Tests, benchmarks and scripts are type-checked only here (src/ again, incrementally): one test.
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
