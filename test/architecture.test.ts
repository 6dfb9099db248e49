/**
 * The dependency rules of docs/architecture.md, checked on every import of every file in src/.
 *
 * Imports are read with TypeScript's own pre-processor (static imports, `export … from`,
 * `import type`, and `import('…')` with a literal), so comments and strings never count and
 * type-only imports count like any other: a type is a dependency too.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { builtinModules } from 'node:module';
import ts from 'typescript';
import { importsOf as graphImportsOf } from './helpers/import-graph.js';

const SRC = resolve(import.meta.dirname, '../src');

/** A layer is a top-level folder of src/, or a top-level file (config.ts → 'config'). */
const LAYERS = [
  'core',
  'lib',
  'sync',
  'providers',
  'store',
  'vault',
  'app',
  'server',
  'cli',
  'worker',
  'sandbox',
  'config',
  'log',
] as const;
type Layer = (typeof LAYERS)[number];

/** Folder names that belong to a layer under another name (the application layer is being renamed). */
/** Every layer but the simulators: production code never reaches the sandboxes, only the CLI's demo does. */
const PRODUCT: readonly Layer[] = LAYERS.filter((l) => l !== 'sandbox');

interface Rule {
  /** Layers, or single files (path under src/), this layer may import. */
  readonly may: readonly (Layer | `${Layer}/${string}.ts`)[];
  /** npm packages and Node built-ins: 'any', or the exact list allowed. */
  readonly packages: 'any' | readonly string[];
  /** Said in the failure message, so whoever breaks the rule learns why it is there. */
  readonly why: string;
}

/**
 * Layer → what it may import. Rows with `PRODUCT` are not constrained yet beyond "no simulators";
 * tighten them here as the code gets there.
 */
const RULES: Readonly<Record<Layer, Rule>> = {
  core: {
    may: ['core', 'lib/decimal.ts'],
    packages: ['node:crypto'],
    why: 'core is pure domain logic: data in, data out, exact money, no I/O',
  },
  lib: { may: ['lib'], packages: 'any', why: 'lib holds generic helpers that know nothing of the project' },
  sandbox: {
    may: ['sandbox', 'lib'],
    packages: 'any',
    why: 'the simulators are written from the API facts alone, so a misreading in a client is never copied into the simulator that tests it',
  },
  providers: {
    may: ['providers', 'core', 'lib', 'config', 'log', 'sync/ports.ts'],
    packages: 'any',
    why: 'provider clients speak HTTP only; they implement the ports sync defines (sync/ports.ts) and know nothing of persistence, the app or the edges',
  },
  store: {
    may: ['store', 'core', 'lib', 'config', 'log'],
    packages: 'any',
    why: 'the store persists rows; it knows no flows, no providers and no edges',
  },
  vault: {
    may: ['vault', 'store', 'lib'],
    packages: 'any',
    why: 'the vault encrypts secrets and keeps its keys in the store, nothing else',
  },
  sync: {
    may: ['sync', 'core', 'lib'],
    packages: 'any',
    why: 'the engine talks to the providers through its ports (sync/ports.ts) and to its own records through its state port (sync/state.ts); the app layer plugs the store and the clients in',
  },
  app: { may: PRODUCT, packages: 'any', why: 'no simulators in production code' },
  server: { may: PRODUCT, packages: 'any', why: 'no simulators in production code' },
  worker: { may: PRODUCT, packages: 'any', why: 'no simulators in production code' },
  config: { may: PRODUCT, packages: 'any', why: 'no simulators in production code' },
  log: { may: PRODUCT, packages: 'any', why: 'no simulators in production code' },
  cli: { may: LAYERS, packages: 'any', why: 'the CLI is the outermost edge (demo and sandbox commands start the simulators)' },
};

function layerOf(pathUnderSrc: string): Layer | undefined {
  const [first = '', ...rest] = pathUnderSrc.split('/');
  const name = rest.length === 0 ? first.replace(/\.ts$/, '') : first;
  const layer = LAYERS.find((l) => l === name);
  return layer;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const toPosix = (path: string): string => path.split(sep).join('/');

/** The import specifiers of one file, as written. */
function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** The project file (path under src/, .ts) an import names; undefined for a package or built-in. */
function projectTarget(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return toPosix(relative(SRC, resolve(dirname(fromFile), specifier))).replace(/\.js$/, '.ts');
}

const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0] ?? '');
const packageName = (specifier: string): string =>
  isBuiltin(specifier)
    ? specifier
    : specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/');

/** Why one import breaks the rules, or undefined when it is allowed. */
function violation(file: string, layer: Layer, specifier: string): string | undefined {
  const rule = RULES[layer];
  const where = `src/${file} imports '${specifier}'`;
  const target = projectTarget(join(SRC, file), specifier);
  if (target === undefined) {
    const name = packageName(specifier);
    if (rule.packages === 'any' || rule.packages.includes(name)) return undefined;
    return `${where}: ${layer} may use only the packages [${rule.packages.join(', ')}] (${rule.why})`;
  }
  if (target.startsWith('../')) return `${where}: it reaches outside src/`;
  const targetLayer = layerOf(target);
  if (targetLayer === undefined) return `${where}: ${target} belongs to no layer (add its folder to LAYERS)`;
  const allowed = rule.may.some((m) => m === targetLayer || m === target);
  if (allowed) return undefined;
  return `${where}: ${layer} may import only [${rule.may.join(', ')}], not ${targetLayer} (${rule.why})`;
}

const files = sourceFiles(SRC).map((f) => toPosix(relative(SRC, f)));

describe('dependency rules', () => {
  it('finds the source files and every one belongs to a layer', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => layerOf(f) === undefined)).toEqual([]);
  });

  for (const layer of LAYERS) {
    const own = files.filter((f) => layerOf(f) === layer);
    if (own.length === 0) continue;
    it(`${layer}: ${own.length} files import only what the table allows`, () => {
      const broken = own.flatMap((file) => {
        const specifiers = importsOf(readFileSync(join(SRC, file), 'utf8'));
        return specifiers.flatMap((s) => violation(file, layer, s) ?? []);
      });
      expect(broken).toEqual([]);
    });
  }

  it('Kysely is loaded once, through store/kysely.ts (a second, ES-module copy would fail its instanceof checks)', () => {
    const direct = files.filter(
      (f) => graphImportsOf(`src/${f}`).static.includes('kysely') || graphImportsOf(`src/${f}`).dynamic.includes('kysely'),
    );
    expect(direct).toEqual([]);
  });

  it('core computes money exactly (no floats on amounts)', () => {
    for (const file of files.filter((f) => layerOf(f) === 'core')) {
      const source = readFileSync(join(SRC, file), 'utf8');
      expect(source, `src/${file} parses money as a float`).not.toMatch(
        /\bparseFloat\(|\bNumber\(\s*[a-z]+\.(amount|total|unitPrice|unitCost)/,
      );
    }
  });
});

describe('the checker itself', () => {
  it('sees static, re-exported, type-only and dynamic imports, and not those in comments', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../sync/ports.js';",
      "export { c } from './c.js';",
      "const d = await import('./d.js');",
      "// import { e } from './e.js';",
      'const s = "import { f } from \'./f.js\'";',
    ].join('\n');
    expect(importsOf(source)).toEqual(['./a.js', '../sync/ports.js', './c.js', './d.js']);
  });

  it('names the file, the import and the rule', () => {
    expect(violation('core/x.ts', 'core', '../store/db.js')).toBe(
      "src/core/x.ts imports '../store/db.js': core may import only [core, lib/decimal.ts], not store (core is pure domain logic: data in, data out, exact money, no I/O)",
    );
    expect(violation('core/x.ts', 'core', '../lib/clock.js')).toMatch(/not lib/);
    expect(violation('core/x.ts', 'core', '../lib/decimal.js')).toBeUndefined();
    expect(violation('core/x.ts', 'core', 'node:fs')).toMatch(/core may use only the packages \[node:crypto\]/);
    expect(violation('sandbox/coupa/x.ts', 'sandbox', '../../providers/coupa/parse.js')).toMatch(/not providers/);
    expect(violation('providers/coupa/x.ts', 'providers', '../../sync/ports.js')).toBeUndefined();
    expect(violation('providers/coupa/x.ts', 'providers', '../../sync/engine.js')).toMatch(/not sync/);
    expect(violation('server/x.ts', 'server', '../sandbox/index.js')).toMatch(/not sandbox/);
    expect(violation('app/x.ts', 'app', '../app/y.js')).toBeUndefined();
    expect(violation('lib/x.ts', 'lib', '../../bench/run.js')).toMatch(/outside src/);
  });
});
