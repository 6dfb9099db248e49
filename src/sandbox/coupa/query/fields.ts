/**
 * Response shaping: `fields=` (a URL-encoded JSON array; strings name attributes, objects
 * name associations with their own list, `{"custom_fields": {}}` takes a whole object;
 * underscores accepted, output keys hyphenated) and `return_object=limited|shallow|none`.
 */
import { CoupaApiError } from '../errors.js';
import type { Projection, RenderMode } from '../model/index.js';
import { hyphenate } from './params.js';

export function parseFields(raw: string | undefined): Projection | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw CoupaApiError.invalid(
      'base',
      `fields must be a JSON array, e.g. ["id","name",{"supplier":["id","name"]}]; could not parse '${raw}'.`,
    );
  }
  if (!Array.isArray(parsed)) throw CoupaApiError.invalid('base', 'fields must be a JSON array.');
  return toProjection(parsed);
}

// Choice CP-17 (docs/api-notes.md): names that match no attribute are ignored.
function toProjection(items: unknown[]): Projection {
  const out: Projection = new Map();
  for (const item of items) {
    if (typeof item === 'string') {
      out.set(hyphenate(item), true);
    } else if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      for (const [name, sub] of Object.entries(item)) {
        const nested = Array.isArray(sub) && sub.length > 0 ? toProjection(sub) : true;
        out.set(hyphenate(name), nested);
      }
    } else {
      throw CoupaApiError.invalid('base', `fields entries must be names or {"association": [...]} objects, got ${JSON.stringify(item)}.`);
    }
  }
  return out;
}

type ReturnObject = RenderMode | 'none';

export function parseReturnObject(raw: string | undefined): ReturnObject {
  if (raw === undefined || raw === '') return 'full';
  const v = raw.toLowerCase();
  if (v === 'limited' || v === 'shallow' || v === 'none') return v;
  throw CoupaApiError.invalid('base', `return_object must be limited, shallow or none, got '${raw}'.`);
}
