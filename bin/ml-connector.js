#!/usr/bin/env node
// Runs the compiled CLI in dist/ (`npm run build`; `npm install` runs it through `prepare`).
// In a clone, dist/ older than src/ would run code other than what is on disk: say so and
// stop, rather than run stale code or fall back to compiling on every call.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist/cli/main.js');
// Written by scripts/build.mjs after a successful compile.
const stamp = join(root, 'dist/.build-stamp');
const sources = join(root, 'src');

/** The newest modification time under src/ and of the compiler settings, in ms. */
function newestSource() {
  let newest = 0;
  const files = readdirSync(sources, { recursive: true, withFileTypes: true })
    .filter((dirent) => dirent.isFile())
    .map((dirent) => join(dirent.parentPath, dirent.name));
  for (const file of [...files, join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json')]) {
    if (existsSync(file)) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

function refuse(reason) {
  process.stderr.write(`error: ${reason}; run \`npm run build\` (in ${root}).\n`);
  process.exit(1);
}

// A published package ships dist/ without src/: only a clone can be out of date.
if (!existsSync(entry)) refuse('the compiled CLI (dist/) is missing');
if (existsSync(sources) && (!existsSync(stamp) || statSync(stamp).mtimeMs < newestSource())) {
  refuse('the compiled CLI (dist/) is older than the sources in src/');
}

// Stack traces point at the TypeScript sources when asked for them (they are printed only then).
if (process.env.ML_CONNECTOR_DEBUG) process.setSourceMapsEnabled(true);
await import(pathToFileURL(entry).href);
