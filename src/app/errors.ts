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

/** A stored connection that opens (right key, intact) but is not in the shape this version reads. */
export class StoredCredentialsError extends AppError {
  constructor(
    readonly tenantId: string,
    readonly provider: Provider,
    /** Which fields were wrong (names only, never values). */
    readonly fields: string[],
  ) {
    super(
      'stored_credentials_unreadable',
      `The stored ${LABEL[provider]} connection of tenant '${tenantId}' cannot be read: ${fields.join(', ')} missing or of the wrong type.`,
      `Connect it again with \`ml-connector connect ${provider} --tenant ${tenantId} …\`; that replaces the stored credentials.`,
    );
  }
}
