import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { DynamoStateStore } from '../../../src/state/dynamo-state-store';
import { FileStateStore } from '../../../src/state/file-state-store';
import { startLocalDynamo, type LocalDynamo } from '../state/dynalite-server';
import { ledgerBehaviour, type LedgerHarness } from './ledger.behaviour';
import { ledgerCrashBehaviour } from './ledger-crash.behaviour';
import { T0 } from './ledger-fixtures';

const TTL_DAYS = 30;

const root = mkdtempSync(join(tmpdir(), 'watchdog-ledger-'));
let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo.close();
  rmSync(root, { recursive: true, force: true });
});

let n = 0;

async function fileHarness(): Promise<LedgerHarness> {
  const clock = { now: T0 };
  const store = new FileStateStore({ file: join(root, `case-${n++}`, 'state.json'), findingsTtlDays: TTL_DAYS, now: () => clock.now });
  return { clock, store, peer: store };
}

async function dynamoHarness(): Promise<LedgerHarness> {
  const clock = { now: T0 };
  const tableName = `watchdog-ledger-${n++}`;
  await dynamo.createTable(tableName);
  const open = () => new DynamoStateStore({ client: dynamo.doc, tableName, findingsTtlDays: TTL_DAYS, now: () => clock.now });
  return { clock, store: open(), peer: open() };
}

ledgerBehaviour('FileStateStore', fileHarness);
ledgerBehaviour('DynamoStateStore (dynalite)', dynamoHarness);
ledgerCrashBehaviour('FileStateStore', fileHarness);
ledgerCrashBehaviour('DynamoStateStore (dynalite)', dynamoHarness);
