/**
 * Both simulators together, seeded with one dataset: what `ml-connector sandbox` and the demo
 * run, and what benchmarks start.
 */
import type { FaultRule } from './faults.js';
import { COUPA_DEMO, startCoupaSandbox, type CoupaSandbox } from './coupa/index.js';
import { FRESHBOOKS_DEMO, startFreshBooksSandbox, type FreshBooksSandbox } from './freshbooks/index.js';
import { generateDataset } from './generator/index.js';
import type { WebhookFaults } from './webhook-dispatcher.js';

export interface SandboxesOptions {
  host?: string;
  coupaPort?: number;
  freshbooksPort?: number;
  /** Data generator seed (default 1). */
  seed?: number;
  /** 'demo' (a consulting firm with a dozen suppliers) or a record count. */
  scale?: 'demo' | number;
  coupaFaults?: FaultRule[];
  freshbooksFaults?: FaultRule[];
  webhookFaults?: WebhookFaults;
}

export interface Sandboxes {
  coupa: CoupaSandbox;
  freshbooks: FreshBooksSandbox;
  company: string;
  /** What a person needs to connect a tenant to them (demo credentials; nothing real). */
  credentials: {
    coupa: { instanceUrl: string; clientId: string; clientSecret: string; scopes: string[] };
    freshbooks: { authUrl: string; apiUrl: string; clientId: string; clientSecret: string; accountId: string; businessName: string };
  };
  close(): Promise<void>;
}

export async function startSandboxes(options: SandboxesOptions = {}): Promise<Sandboxes> {
  const data = generateDataset({ seed: options.seed ?? 1, scale: options.scale ?? 'demo' });
  const host = options.host ?? '127.0.0.1';
  const coupa = await startCoupaSandbox({ host, port: options.coupaPort ?? 0, data: data.coupa, faults: options.coupaFaults ?? [] });
  let freshbooks: FreshBooksSandbox;
  try {
    freshbooks = await startFreshBooksSandbox({
      host,
      port: options.freshbooksPort ?? 0,
      data: data.freshbooks,
      faults: options.freshbooksFaults ?? [],
    });
  } catch (err) {
    await coupa.close();
    throw err;
  }
  if (options.webhookFaults) {
    coupa.dispatcher.setFaults(options.webhookFaults);
    freshbooks.dispatcher.setFaults(options.webhookFaults);
  }
  return {
    coupa,
    freshbooks,
    company: data.meta.company,
    credentials: {
      coupa: {
        instanceUrl: coupa.url,
        clientId: COUPA_DEMO.clientId,
        clientSecret: COUPA_DEMO.clientSecret,
        scopes: [...COUPA_DEMO.scopes],
      },
      freshbooks: {
        authUrl: freshbooks.url,
        apiUrl: freshbooks.url,
        clientId: FRESHBOOKS_DEMO.clientId,
        clientSecret: FRESHBOOKS_DEMO.clientSecret,
        accountId: FRESHBOOKS_DEMO.accountId,
        businessName: FRESHBOOKS_DEMO.businessName,
      },
    },
    async close() {
      await Promise.all([coupa.close(), freshbooks.close()]);
    },
  };
}
