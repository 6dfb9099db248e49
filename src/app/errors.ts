import { AppError } from '../lib/errors.js';
import type { Provider } from '../store/schema.js';

const LABEL: Record<Provider, string> = { coupa: 'Coupa', freshbooks: 'FreshBooks' };

export class NotConnectedError extends AppError {
  constructor(
    readonly tenantId: string,
    readonly provider: Provider,
  ) {
    super(
      'not_connected',
      `Tenant '${tenantId}' has no ${LABEL[provider]} connection.`,
      `Run \`ml-connector connect ${provider} --tenant ${tenantId} …\` first (see \`ml-connector connect ${provider} --help\`).`,
    );
  }
}
