#!/usr/bin/env node
// `npm run build` (also run by `prepare`, so `npm install` of a clone builds): compiles src/
// to dist/ with tsconfig.build.json — which type-checks src/ too — then removes what a
// deleted source left behind, and stamps the build for bin/ml-connector.js's freshness check.
// Exits non-zero, with the compiler's messages, when src/ does not type-check.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
const buildInfo = join(dist, '.tsbuildinfo');
const tsc = join(root, 'node_modules/typescript/bin/tsc');

const files = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => relative(dir, join(d.parentPath, d.name)))
    : [];

function compile() {
  return spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root }).status === 0;
}

/** Sources whose JavaScript is not in dist/ (the incremental build info may say otherwise). */
const missingOutputs = () => files(src).filter((f) => f.endsWith('.ts') && !existsSync(join(dist, f.replace(/\.ts$/, '.js'))));

if (!compile()) process.exit(1);
// tsc trusts its build info: if outputs were deleted by hand, it would not write them again.
if (missingOutputs().length > 0) {
  rmSync(buildInfo, { force: true });
  if (!compile()) process.exit(1);
}

// Outputs of sources that no longer exist must not be loadable (or published).
const OUTPUT = /\.(js|js\.map|d\.ts)$/;
for (const file of files(dist)) {
  if (!OUTPUT.test(file)) continue;
  if (!existsSync(join(src, file.replace(OUTPUT, '.ts')))) rmSync(join(dist, file));
}
const dirs = readdirSync(dist, { recursive: true, withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(d.parentPath, d.name))
  .sort((a, b) => b.length - a.length); // deepest first, so a parent emptied by its child goes too
for (const dir of dirs) if (readdirSync(dir).length === 0) rmdirSync(dir);

writeFileSync(join(dist, '.build-stamp'), `${new Date().toISOString()}\n`);
