/**
 * Outbound webhooks: every domain event goes to the account's VERIFIED callbacks that want it,
 * as a signed form POST through the shared WebhookDispatcher (retries, delay / duplicate /
 * reorder faults). The verification message goes the same way.
 */
import type { WebhookDispatcher } from '../webhook-dispatcher.js';
import { callbackWants } from './callbacks.js';
import { systemUrl } from './identity.js';
import { formBody, signFields, type FormPairs } from './signature.js';
import type { AccountData, CallbackRecord, DomainEvent, SandboxState } from './state.js';

const SIGNATURE_HEADER = 'X-FreshBooks-Hmac-SHA256';

export class EventFanout {
  constructor(
    private readonly state: SandboxState,
    private readonly dispatcher: WebhookDispatcher,
  ) {
    state.onEvent((event) => {
      this.deliver(event);
    });
  }

  /** Payloads carry ids only (the receiver fetches the object). Choice FB-51 (docs/api-notes.md): no `system`. */
  private deliver(event: DomainEvent): void {
    const account = this.state.account(event.accountId);
    const { user } = this.state.config;
    const pairs: FormPairs = [
      ['name', event.name],
      ['object_id', String(event.objectId)],
      ['account_id', account.accountId],
      ['business_id', String(account.businessId)],
      ['identity_id', String(user.identityId)],
      ['user_id', String(user.userId)],
    ];
    for (const cb of account.callbacks.values()) {
      if (!cb.verified || !callbackWants(cb.event, event.name)) continue;
      this.post(cb.uri, pairs, () => cb.verifier, `${event.name} ${event.objectId}`);
    }
  }

  /**
   * The handshake message. Choice FB-52 (docs/api-notes.md): signed with the verifier it carries.
   */
  readonly sendVerification = (account: AccountData, cb: CallbackRecord): void => {
    const pairs: FormPairs = [
      ['name', 'callback.verify'],
      ['verifier', cb.verifier],
      ['object_id', String(cb.callbackid)],
      ['account_id', account.accountId],
      ['user_id', String(this.state.config.user.userId)],
      ['system', systemUrl(this.state.config, account.accountId)],
    ];
    const verifier = cb.verifier;
    this.post(cb.uri, pairs, () => verifier, `callback.verify ${cb.callbackid}`);
  };

  /** Signed at each attempt with the key of that moment (an event uses the callback's current verifier). */
  private post(url: string, pairs: FormPairs, key: () => string, label: string): void {
    const body = formBody(pairs);
    this.dispatcher.send({
      url,
      label,
      build: () => ({
        headers: { 'content-type': 'application/x-www-form-urlencoded', [SIGNATURE_HEADER]: signFields(pairs, key()) },
        body,
      }),
    });
  }
}
