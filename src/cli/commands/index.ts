/** The whole command tree, in the order `--help` lists it. */
import type { Command } from 'commander';
import { createProgram, type ProgramIo } from '../program.js';
import { registerAllocations } from './allocations.js';
import { registerAttention } from './attention.js';
import { registerConnect } from './connect.js';
import { registerAudit } from './audit.js';
import { registerDeliveries } from './deliveries.js';
import { registerDemo } from './demo.js';
import { registerKeys } from './keys.js';
import { registerMigrateStore } from './migrate-store.js';
import { registerPing } from './ping.js';
import { registerReconcile } from './reconcile.js';
import { registerReview } from './review.js';
import { registerSandbox } from './sandbox.js';
import { registerServe } from './serve.js';
import { registerSync } from './sync.js';
import { registerTenant } from './tenant.js';
import { registerWebhooks } from './webhooks.js';
import { registerWorker } from './worker.js';

export function buildProgram(io: ProgramIo): Command {
  const program = createProgram(io);
  for (const register of [
    registerDemo,
    registerSandbox,
    registerTenant,
    registerConnect,
    registerPing,
    registerSync,
    registerServe,
    registerWorker,
    registerWebhooks,
    registerDeliveries,
    registerAudit,
    registerReview,
    registerAttention,
    registerReconcile,
    registerAllocations,
    registerKeys,
    registerMigrateStore,
  ]) {
    register(program, io);
  }
  return program;
}
