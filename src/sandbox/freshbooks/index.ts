/**
 * The FreshBooks sandbox, for tests, the demo and `ml-connector sandbox`:
 *
 *   const fb = await startFreshBooksSandbox({ port: 0, now: () => clock });
 *   fb.url                      base URL of both the auth and the API path families
 *   fb.control.issueTokens()    a refresh token for the demo app, as from the developer portal
 *   await fb.close()
 *
 * Everything the sandbox answers follows the API facts in docs/api-notes.md; where the public
 * material is silent, the choice made is marked beside the code with its id (FB-nn).
 */
import { listen } from '../http.js';
import { buildFreshBooksSandbox, type FreshBooksSandboxParts } from './app.js';
import type { FreshBooksSandboxOptions } from './config.js';

export { FRESHBOOKS_DEMO } from './config.js';
export type { FreshBooksSandboxOptions } from './config.js';
export { pythonJsonDumps, signFields } from './signature.js';

export interface FreshBooksSandbox extends Omit<FreshBooksSandboxParts, 'state'> {
  /** Base URL, e.g. http://127.0.0.1:43121 — use it as the SDK's apiUrl and FRESHBOOKS_AUTH_URL. */
  url: string;
  close(): Promise<void>;
}

export async function startFreshBooksSandbox(options: FreshBooksSandboxOptions = {}): Promise<FreshBooksSandbox> {
  const { app, faults, dispatcher, control } = buildFreshBooksSandbox(options);
  const url = await listen(app, options.port ?? 0, options.host ?? '127.0.0.1');
  return { url, app, faults, dispatcher, control, close: () => app.close() };
}
