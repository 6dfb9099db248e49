/**
 * Content negotiation and the answer shapes. Coupa speaks XML unless the request's Accept
 * names `application/json` (no Accept, `*\/*` or anything else → XML). The two formats differ
 * in more than syntax: an index with no results is JSON `200 []` but XML `404` with
 * "No results match your search criteria."
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CoupaApiError } from './errors.js';
import type { Kind, WireObject } from './model/index.js';
import { xmlErrors, xmlList, xmlRecord } from './xml.js';

export type Format = 'json' | 'xml';

// Choice CP-06 (docs/api-notes.md): only the Accept header chooses JSON (no format=json, no .json).
export function formatOf(req: FastifyRequest): Format {
  const accept = req.headers.accept ?? '';
  return /application\/json/i.test(accept) ? 'json' : 'xml';
}

const JSON_TYPE = 'application/json; charset=utf-8';
const XML_TYPE = 'application/xml; charset=utf-8';

export function sendError(reply: FastifyReply, format: Format, err: CoupaApiError): FastifyReply {
  reply.code(err.status);
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  if (format === 'json') return reply.type(JSON_TYPE).send(JSON.stringify({ errors: { [err.key]: err.messages } }));
  return reply.type(XML_TYPE).send(xmlErrors(err.messages));
}

export function sendRecord(reply: FastifyReply, format: Format, elementName: string, kind: Kind, obj: WireObject): FastifyReply {
  if (format === 'json') return reply.type(JSON_TYPE).send(JSON.stringify(obj));
  return reply.type(XML_TYPE).send(xmlRecord(elementName, obj, kind));
}

export function sendList(reply: FastifyReply, format: Format, elementName: string, kind: Kind, items: WireObject[]): FastifyReply {
  if (format === 'json') return reply.type(JSON_TYPE).send(JSON.stringify(items));
  if (items.length === 0)
    return reply
      .code(404)
      .type(XML_TYPE)
      .send(xmlErrors(['No results match your search criteria.']));
  return reply.type(XML_TYPE).send(xmlList(elementName, items, kind));
}

/** `return_object=none` on a write: success with nothing in the body. */
export function sendEmpty(reply: FastifyReply): FastifyReply {
  // Choice CP-20 (docs/api-notes.md): return_object=none answers 200 with an empty body.
  return reply.code(200).send('');
}
