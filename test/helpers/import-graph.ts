/**
 * The module graph of the sources as Node would load it: every `import … from` and
 * `export … from` that survives compilation (under verbatimModuleSyntax only `import type` /
 * `export type` is erased; `import { type X }` still loads its module), and every `import()`
 * with a literal specifier, kept apart because it runs only when its code does.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '../..');

interface ModuleImports {
  /** Loaded with the module: repository-relative paths of sources, or package names. */
  static: string[];
  /** Loaded when the `import()` runs. */
  dynamic: string[];
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** A relative `./x.js` resolves to the `.ts` source beside it; anything else is a package (or `node:` built-in). */
function resolveSpecifier(fromFile: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier.startsWith('node:') ? specifier : packageName(specifier);
  const target = resolve(dirname(resolve(ROOT, fromFile)), specifier).replace(/\.js$/, '.ts');
  return relative(ROOT, target);
}

const cache = new Map<string, ModuleImports>();

export function importsOf(file: string): ModuleImports {
  const known = cache.get(file);
  if (known) return known;
  const source = ts.createSourceFile(file, readFileSync(resolve(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const found: ModuleImports = { static: [], dynamic: [] };
  const visit = (node: ts.Node): void => {
    if (
      ts.isImportDeclaration(node) &&
      node.importClause?.phaseModifier !== ts.SyntaxKind.TypeKeyword &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.static.push(resolveSpecifier(file, node.moduleSpecifier.text));
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.static.push(resolveSpecifier(file, node.moduleSpecifier.text));
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) found.dynamic.push(resolveSpecifier(file, arg.text));
      else throw new Error(`${file}: import() of a computed specifier cannot be checked`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  cache.set(file, found);
  return found;
}

export const isSource = (id: string): boolean => id.startsWith('src/');

/**
 * Every module loaded when `entry` is: its static closure. With `followDynamic`, an
 * `import()` is followed too when the predicate allows that edge.
 */
export function closure(entry: string, followDynamic: (from: string, to: string) => boolean = () => false): Map<string, string[]> {
  // Each reached module with the chain that first reached it, for messages.
  const reached = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const chain = reached.get(file) ?? [file];
    const { static: loaded, dynamic } = importsOf(file);
    const next = [...loaded, ...dynamic.filter((to) => followDynamic(file, to))];
    for (const to of next) {
      if (reached.has(to)) continue;
      reached.set(to, [...chain, to]);
      if (isSource(to)) queue.push(to);
    }
  }
  return reached;
}
