/**
 * bin/ml-connector.js runs the compiled dist/. In a clone (src/ beside it) a missing or stale
 * build is refused with one line saying to run `npm run build`; a published package (no src/)
 * just runs. Tried on a copy of the binary in a scratch layout, with a stand-in dist/.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const HOUR = 3600;

function layout({ dist, src, stampAge }: { dist: boolean; src: boolean; stampAge?: number }): string {
  const root = tempDir('mlc-bin-');
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  mkdirSync(join(root, 'bin'));
  copyFileSync(BIN, join(root, 'bin/ml-connector.js'));
  const now = Date.now() / 1000;
  if (src) {
    mkdirSync(join(root, 'src/cli'), { recursive: true });
    writeFileSync(join(root, 'src/cli/main.ts'), '');
    utimesSync(join(root, 'src/cli/main.ts'), now - HOUR, now - HOUR);
  }
  if (dist) {
    mkdirSync(join(root, 'dist/cli'), { recursive: true });
    writeFileSync(join(root, 'dist/cli/main.js'), "process.stdout.write(`ran ${process.argv.slice(2).join(' ')}\\n`);\n");
    if (stampAge !== undefined) {
      writeFileSync(join(root, 'dist/.build-stamp'), '');
      utimesSync(join(root, 'dist/.build-stamp'), now - stampAge, now - stampAge);
    }
  }
  return root;
}

function run(root: string) {
  const r = spawnSync(process.execPath, [join(root, 'bin/ml-connector.js'), 'tenant', 'list'], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bin/ml-connector.js', () => {
  it('runs dist/ when the build is newer than every source', () => {
    expect(run(layout({ dist: true, src: true, stampAge: 60 }))).toEqual({ code: 0, stdout: 'ran tenant list\n', stderr: '' });
  });

  it('refuses a dist/ older than src/, in one line that says to build', () => {
    const r = run(layout({ dist: true, src: true, stampAge: 2 * HOUR }));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: the compiled CLI \(dist\/\) is older than the sources in src\/; run `npm run build` \(in .+\)\.\n$/);
  });

  it('refuses a dist/ that was never stamped by a build', () => {
    const r = run(layout({ dist: true, src: true }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: the compiled CLI \(dist\/\) is older than the sources in src\/; run `npm run build`/);
  });

  it('refuses a missing dist/', () => {
    const r = run(layout({ dist: false, src: true }));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: the compiled CLI \(dist\/\) is missing; run `npm run build` \(in .+\)\.\n$/);
  });

  it('in a published package (dist/ without src/) runs dist/ as it is', () => {
    expect(run(layout({ dist: true, src: false }))).toEqual({ code: 0, stdout: 'ran tenant list\n', stderr: '' });
  });
});
