/**
 * `ml-connector connect <side> …`: the parent command; each side adds its subcommand from its
 * own file (connect-freshbooks.ts, connect-coupa.ts).
 */
import type { Command } from 'commander';
import { withExample, type ProgramIo } from '../program.js';
import { registerConnectCoupa } from './connect-coupa.js';
import { registerConnectFreshBooks } from './connect-freshbooks.js';

/** The subcommands of `connect`, in help order. */
const SIDES: Array<(connect: Command, io: ProgramIo) => void> = [registerConnectCoupa, registerConnectFreshBooks];

export function registerConnect(program: Command, io: ProgramIo): Command {
  const connect = program.command('connect').description('connect a tenant to Coupa or FreshBooks (credentials are stored encrypted)');
  withExample(
    connect,
    'ml-connector connect coupa --tenant acme --instance-url https://acme.coupahost.com --client-id … --client-secret …',
    'ml-connector connect freshbooks --tenant acme --client-id … --client-secret … --redirect-uri https://sync.example.com/oauth/freshbooks/callback',
  );
  for (const register of SIDES) register(connect, io);
  return connect;
}
