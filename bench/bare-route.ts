/**
 * The HTTP ceiling of the ingest benchmark: one Fastify route that does what `serve` does
 * with a Coupa push up to the store and nothing after — the body kept as raw text, the
 * Standard Webhooks signature checked by the same `verifyPush`, the JSON parsed and its type
 * and id read — and answers 200. Run as its own process (like `serve`), so the load generator
 * never shares its event loop. Secret from BENCH_PUSH_SECRET; prints `{"listening": URL}`.
 */
import Fastify from 'fastify';
import { verifyPush } from '../src/providers/coupa/webhook.js';

const secret = process.env.BENCH_PUSH_SECRET;
if (!secret) throw new Error('BENCH_PUSH_SECRET is not set: the bare route needs the secret the pushes are signed with.');

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
  done(null, body);
});

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

app.post<{ Params: { tenant: string } }>('/webhooks/coupa/:tenant', async (request, reply) => {
  const body = typeof request.body === 'string' ? request.body : '';
  const webhookId = one(request.headers['webhook-id']);
  const verdict = verifyPush(
    [secret],
    {
      'webhook-id': webhookId,
      'webhook-timestamp': one(request.headers['webhook-timestamp']),
      'webhook-signature': one(request.headers['webhook-signature']),
    },
    body,
    Math.floor(Date.now() / 1000),
  );
  if (!verdict.ok) return reply.code(401).send({ error: { code: verdict.reason } });
  const push = JSON.parse(body) as { type?: unknown; data?: { id?: unknown } };
  if (typeof push.type !== 'string' || push.data?.id === undefined) return reply.code(400).send({ error: { code: 'malformed' } });
  return reply.code(200).send({ ok: true, delivery: webhookId, duplicate: false });
});

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
console.log(JSON.stringify({ listening: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` }));
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
