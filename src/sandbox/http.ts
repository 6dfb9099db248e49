/**
 * The HTTP shell both simulators share: body parsers for the encodings the real APIs accept
 * (JSON, form, multipart), the fault hook, and the admin routes that steer faults.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { FaultInjector, FaultSpecError, validateFaultRule, type FaultResponses, type FaultRule } from './faults.js';
import { isRecord } from './guards.js';
import { readWebhookFaults, WebhookFaultsError, type WebhookDispatcher } from './webhook-dispatcher.js';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
  }
}

interface SandboxAppOptions {
  name: string;
  faultResponses: FaultResponses;
  faults?: FaultRule[];
  seed?: number;
  dispatcher?: WebhookDispatcher;
}

type FormFields = Record<string, string | string[]>;

function parseUrlEncoded(text: string): FormFields {
  const out: FormFields = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Text fields of a multipart/form-data body (what `curl -F` sends); files are not needed here. */
function parseMultipart(body: string, contentType: string): FormFields {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw new Error('multipart body without a boundary');
  const out: FormFields = {};
  for (const part of body.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined) continue;
    out[name] = part.slice(split + 4).replace(/\r\n$/, '');
  }
  return out;
}

export function createSandboxApp(options: SandboxAppOptions): { app: FastifyInstance; faults: FaultInjector } {
  const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024, forceCloseConnections: true });
  const faults = new FaultInjector(options.faultResponses, { seed: options.seed ?? 1, rules: options.faults ?? [] });

  /** Keeps the body as received (signatures are checked over it) and hands it on as text. */
  const keepRaw = (req: FastifyRequest, body: string | Buffer): string => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    req.rawBody = text;
    return text;
  };
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = keepRaw(req, body);
    if (text.trim() === '') {
      done(null, {});
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('Malformed JSON body'), { statusCode: 400 }), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (req, body, done) => {
    done(null, parseUrlEncoded(keepRaw(req, body)));
  });
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string' }, (req, body, done) => {
    const text = keepRaw(req, body);
    try {
      done(null, parseMultipart(text, req.headers['content-type'] ?? ''));
    } catch (err) {
      done(err instanceof Error ? err : new Error(String(err)), undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    done(null, keepRaw(req, body));
  });

  app.addHook('onRequest', faults.hook);
  app.addHook('onClose', (_instance, done) => {
    faults.releaseHung();
    options.dispatcher?.close();
    done();
  });

  // Plain (not async) handlers: Fastify sends what they return.
  app.get('/_sandbox/faults', () => ({ faults: faults.list() }));
  app.post('/_sandbox/faults', (req, reply) => {
    let rule: FaultRule;
    try {
      rule = faults.add(validateFaultRule(isRecord(req.body) ? req.body : {}));
    } catch (err) {
      if (err instanceof FaultSpecError) return reply.code(400).send({ error: err.message });
      throw err;
    }
    return reply.code(201).send({ fault: rule });
  });
  app.delete('/_sandbox/faults', () => {
    faults.clear();
    return { faults: [] };
  });
  app.delete<{ Params: { id: string } }>('/_sandbox/faults/:id', (req, reply) =>
    faults.remove(req.params.id) ? { deleted: req.params.id } : reply.code(404).send({ error: `No fault with id ${req.params.id}` }),
  );
  if (options.dispatcher) {
    const dispatcher = options.dispatcher;
    app.get('/_sandbox/webhook-faults', () => ({ faults: dispatcher.getFaults() }));
    app.put('/_sandbox/webhook-faults', (req, reply) => {
      try {
        dispatcher.setFaults(readWebhookFaults(req.body));
      } catch (err) {
        if (err instanceof WebhookFaultsError) return reply.code(400).send({ error: err.message });
        throw err;
      }
      return { faults: dispatcher.getFaults() };
    });
    app.get('/_sandbox/webhook-attempts', () => ({ attempts: dispatcher.attempts }));
  }
  return { app, faults };
}

/** Listens on the given port (0 = any free port) on loopback and returns the base URL. */
export async function listen(app: FastifyInstance, port = 0, host = '127.0.0.1'): Promise<string> {
  await app.listen({ port, host });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  return `http://${host}:${address.port}`;
}
