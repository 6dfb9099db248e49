/** `POST /oauth2/token` and the alias in Coupa's R39 Swagger, `POST /oauth2/access_tokens`. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TokenIssuer } from '../auth.js';

export function registerOAuthRoutes(app: FastifyInstance, issuer: TokenIssuer): void {
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const result = issuer.token(req.body, req.headers.authorization);
    for (const [k, v] of Object.entries(result.headers)) reply.header(k, v);
    return reply.code(result.status).type('application/json; charset=utf-8').send(JSON.stringify(result.body));
  };
  app.post('/oauth2/token', handler);
  app.post('/oauth2/access_tokens', handler);
}
