/**
 * Coupa's default representation: Rails-style XML. Hyphenated element names, `type="array"`
 * on lists (items named by the singular), `type="integer|decimal|dateTime|boolean|float"` on
 * typed scalars, `nil="true"` on nulls, `<x />` for empty strings; errors as
 * `<errors><error>…</error></errors>`. Attribute types come from the wire kinds.
 */
import { asText, isRecord } from '../guards.js';
import { kindOf, type Kind, type WireObject } from './model/index.js';

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>';

// Rails' XmlMini names. Choice CP-07 (docs/api-notes.md): datetimes are typed "dateTime".
const TYPE_ATTR: Record<string, string | undefined> = {
  integer: 'integer',
  decimal: 'decimal',
  datetime: 'dateTime',
  boolean: 'boolean',
  float: 'float',
};

function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- XML 1.0 forbids these control characters: they are what must go.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

/** Keys of custom fields come from callers: keep element names legal XML. */
function elementName(key: string): string {
  const name = key.replace(/[^A-Za-z0-9_.-]/g, '-');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

function singular(name: string): string {
  if (name.endsWith('addresses')) return name.slice(0, -2);
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

function scalarElement(name: string, value: unknown, type: string | undefined, pad: string): string {
  const typeAttr = type ? ` type="${type}"` : '';
  if (value === null || value === undefined) return `${pad}<${name}${typeAttr} nil="true" />`;
  const text = asText(value);
  if (text === '') return `${pad}<${name}${typeAttr} />`;
  return `${pad}<${name}${typeAttr}>${escapeXml(text)}</${name}>`;
}

/** A value whose kind is unknown (custom fields): typed from its JavaScript type. */
function untypedElement(key: string, value: unknown, pad: string): string {
  const name = elementName(key);
  if (typeof value === 'number') return scalarElement(name, value, Number.isInteger(value) ? 'integer' : 'float', pad);
  if (typeof value === 'boolean') return scalarElement(name, value, 'boolean', pad);
  return scalarElement(name, value, undefined, pad);
}

function objectElement(name: string, obj: WireObject, kind: Kind | undefined, depth: number): string {
  const pad = '  '.repeat(depth);
  if (Object.keys(obj).length === 0) return `${pad}<${name}></${name}>`;
  const lines = [`${pad}<${name}>`];
  for (const [key, value] of Object.entries(obj)) lines.push(element(key, value, kind, depth + 1));
  lines.push(`${pad}</${name}>`);
  return lines.join('\n');
}

function element(key: string, value: unknown, parent: Kind | undefined, depth: number): string {
  const pad = '  '.repeat(depth);
  const attr = parent?.attrs[key];
  if (attr?.type === 'array' || Array.isArray(value)) {
    const items: readonly unknown[] = Array.isArray(value) ? value : [];
    if (items.length === 0) return `${pad}<${key} type="array" />`;
    const child = attr?.type === 'array' ? kindOf(attr.kind) : undefined;
    const item = singular(key);
    const body = items.map((v) => (isRecord(v) ? objectElement(item, v, child, depth + 1) : untypedElement(item, v, `${pad}  `)));
    return [`${pad}<${key} type="array">`, ...body, `${pad}</${key}>`].join('\n');
  }
  if (attr?.type === 'object') {
    if (!isRecord(value)) return `${pad}<${key} nil="true" />`;
    return objectElement(key, value, kindOf(attr.kind), depth);
  }
  if (attr?.type === 'map' || isRecord(value)) {
    return objectElement(key, isRecord(value) ? value : {}, undefined, depth);
  }
  if (attr) return scalarElement(key, value, TYPE_ATTR[attr.type], pad);
  return untypedElement(key, value, pad);
}

/** `<supplier>…</supplier>` for a show. */
export function xmlRecord(elementName: string, obj: WireObject, kind: Kind): string {
  return `${XML_DECL}\n${objectElement(elementName, obj, kind, 0)}\n`;
}

/** `<suppliers type="array"><supplier>…</supplier></suppliers>` for an index. */
export function xmlList(elementName: string, items: WireObject[], kind: Kind): string {
  const root = `${elementName}s`;
  if (items.length === 0) return `${XML_DECL}\n<${root} type="array" />\n`;
  const body = items.map((item) => objectElement(elementName, item, kind, 1));
  return `${XML_DECL}\n<${root} type="array">\n${body.join('\n')}\n</${root}>\n`;
}

export function xmlErrors(messages: string[]): string {
  const body = messages.map((m) => `  <error>${escapeXml(m)}</error>`);
  return `${XML_DECL}\n<errors>\n${body.join('\n')}\n</errors>\n`;
}
