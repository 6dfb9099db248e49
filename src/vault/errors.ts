import { AppError } from '../lib/errors.js';

export class VaultError extends AppError {}

export class WrongMasterKeyError extends VaultError {
  constructor(expectedId: string, givenId: string) {
    super(
      'wrong_master_key',
      `The master key (id ${givenId}) is not the one these credentials were sealed with (id ${expectedId}).`,
      'Set ML_CONNECTOR_MASTER_KEY to the key used before, or restore the master.key file of this data directory.',
    );
  }
}

export class MissingMasterKeyError extends VaultError {
  constructor(keyFile: string) {
    super(
      'missing_master_key',
      `The store holds sealed credentials but there is no master key: ML_CONNECTOR_MASTER_KEY is not set and ${keyFile} does not exist.`,
      'Set ML_CONNECTOR_MASTER_KEY to the key these credentials were sealed with, or restore the key file.',
    );
  }
}

export class TamperedCiphertextError extends VaultError {
  constructor(what: string) {
    super(
      'tampered',
      `The sealed ${what} failed its integrity check: it was altered or belongs to another tenant.`,
      'Reconnect this tenant to store fresh credentials.',
    );
  }
}
