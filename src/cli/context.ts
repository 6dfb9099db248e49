/**
 * What every command needs, opened lazily: `tenant list` never asks for a master key, and
 * nothing opens the store twice. The store, the vault and the logger are imported on first
 * use too, so a command loads only the drivers and libraries it needs.
 */
import type { TenantScope } from '../app/tenant-scope.js';
import { loadConfig, type Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/db.js';
import type { Vault } from '../vault/vault.js';

export interface GlobalOptions {
  dataDir?: string;
  databaseUrl?: string;
  json?: boolean;
}

export class CliContext {
  private cachedConfig: Config | undefined;
  private storePromise: Promise<Store> | undefined;
  private vaultPromise: Promise<Vault> | undefined;
  private cachedLogger: Logger | undefined;

  constructor(
    readonly globals: GlobalOptions,
    readonly io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = { stdout: process.stdout, stderr: process.stderr },
  ) {}

  get json(): boolean {
    return this.globals.json === true;
  }

  config(): Config {
    this.cachedConfig ??= loadConfig({ dataDir: this.globals.dataDir, databaseUrl: this.globals.databaseUrl });
    return this.cachedConfig;
  }

  async logger(): Promise<Logger> {
    if (!this.cachedLogger) {
      const { createLogger } = await import('../log.js');
      this.cachedLogger ??= createLogger({ level: this.config().logLevel });
    }
    return this.cachedLogger;
  }

  store(): Promise<Store> {
    if (!this.storePromise) {
      const target = this.config().store;
      this.storePromise = import('../store/db.js').then(({ openStore }) => openStore(target));
    }
    return this.storePromise;
  }

  vault(): Promise<Vault> {
    this.vaultPromise ??= Promise.all([this.store(), import('../vault/vault.js')]).then(([store, { Vault }]) =>
      Vault.open(store, this.config(), (m) => {
        this.warn(m);
      }),
    );
    return this.vaultPromise;
  }

  /** What the app layer's per-tenant use cases take (opens the store and the vault). */
  async tenantScope(tenantId: string): Promise<TenantScope> {
    return { store: await this.store(), vault: await this.vault(), tenantId };
  }

  /** The command's result: JSON data with --json, otherwise the human text. */
  print(data: unknown, text: string | (() => string)): void {
    if (this.json) this.io.stdout.write(JSON.stringify(data, null, 2) + '\n');
    else {
      const body = typeof text === 'function' ? text() : text;
      if (body) this.io.stdout.write(body.endsWith('\n') ? body : body + '\n');
    }
  }

  /** Progress and notices go to stderr, so stdout stays one JSON document under --json. */
  info(message: string): void {
    if (!this.json) this.io.stderr.write(message + '\n');
  }

  warn(message: string): void {
    this.io.stderr.write(message + '\n');
  }

  async close(): Promise<void> {
    if (this.storePromise) {
      const store = await this.storePromise.catch(() => undefined);
      await store?.close();
    }
  }
}
