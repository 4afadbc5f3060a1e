import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStateStore } from '../../../src/state/dynamo-state-store';
import { FileStateStore } from '../../../src/state/file-state-store';
import type { StateStore } from '../../../src/state/state-store';
import { UsageRecordError, type UsageRecord } from '../../../src/usage/usage-record';
import { readWatchdogUsage, recordWatchdogUsage, usageDays, usagePk, usageSk, USAGE_TTL_DAYS } from '../../../src/usage/usage-store';
import { startLocalDynamo, type LocalDynamo } from '../state/dynalite-server';

const NOW = new Date('2026-03-10T12:00:00.000Z');

const run = (iso: string, fn: UsageRecord['functionName'] = 'scan', extra: Partial<UsageRecord> = {}): UsageRecord => ({
  functionName: fn,
  runId: `id-${iso}-${fn}`,
  startedAt: new Date(iso),
  durationMs: 1234,
  memoryMb: 1024,
  architecture: 'arm64',
  onLambda: true,
  calls: [
    { cloud: 'aws', operation: 'CloudWatch.GetMetricData', calls: 2, units: 640 },
    { cloud: 'aws', operation: 'SageMaker.ListEndpoints', calls: 1 },
  ],
  ...extra,
});

let dynamo: LocalDynamo;
const root = mkdtempSync(join(tmpdir(), 'watchdog-usage-'));
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo.close();
  rmSync(root, { recursive: true, force: true });
});

let n = 0;
const adapters: [string, () => Promise<StateStore>][] = [
  ['FileStateStore', async () => new FileStateStore({ file: join(root, `case-${n++}`, 'state.json'), findingsTtlDays: 30, now: () => NOW })],
  [
    'DynamoStateStore (dynalite)',
    async () => {
      const table = `usage-${n++}`;
      await dynamo.createTable(table);
      return new DynamoStateStore({ client: dynamo.doc, tableName: table, findingsTtlDays: 30, now: () => NOW });
    },
  ],
];

describe.each(adapters)('usage records on %s', (_name, fresh) => {
  it('reads back exactly the runs that started in [start, end), across day partitions, oldest first', async () => {
    const store = await fresh();
    const runs = [
      run('2026-03-02T23:59:59.999Z'), // before the period
      run('2026-03-03T00:00:00.000Z'), // the first instant: in
      run('2026-03-05T10:00:00.000Z', 'audit', { memoryMb: undefined, architecture: undefined }),
      run('2026-03-05T10:00:00.000Z', 'remediate', { calls: [] }),
      run('2026-03-09T23:59:59.999Z', 'cli', { onLambda: false, memoryMb: undefined, architecture: undefined }),
      run('2026-03-10T00:00:00.000Z'), // the end instant: out
    ];
    for (const r of runs) await recordWatchdogUsage(store, r);
    const got = await readWatchdogUsage(store, { start: new Date('2026-03-03T00:00:00Z'), end: new Date('2026-03-10T00:00:00Z') });
    expect(got).toEqual(runs.slice(1, 5));
  });

  it('cuts partial first and last days inside a partition', async () => {
    const store = await fresh();
    for (const h of ['01', '06', '12', '18']) await recordWatchdogUsage(store, run(`2026-03-04T${h}:00:00.000Z`));
    const got = await readWatchdogUsage(store, { start: new Date('2026-03-04T06:00:00Z'), end: new Date('2026-03-04T18:00:00Z') });
    expect(got.map((r) => r.startedAt.toISOString())).toEqual(['2026-03-04T06:00:00.000Z', '2026-03-04T12:00:00.000Z']);
  });

  it('ignores a second write of the same run and stores a 90-day expiry for TTL', async () => {
    const store = await fresh();
    const r = run('2026-03-04T01:00:00.000Z');
    await recordWatchdogUsage(store, r);
    await recordWatchdogUsage(store, { ...r, durationMs: 9999 });
    const item = await store.getItem(usagePk(r.startedAt), usageSk(r));
    expect(item).toMatchObject({ durationMs: 1234, expiresAt: Math.floor(r.startedAt.getTime() / 1000) + USAGE_TTL_DAYS * 86_400 });
    expect(await readWatchdogUsage(store, { start: new Date('2026-03-04T00:00:00Z'), end: new Date('2026-03-05T00:00:00Z') })).toHaveLength(1);
  });

  it('reads many runs of one day (every page of the partition)', async () => {
    const store = await fresh();
    const day = Array.from({ length: 48 }, (_, i) => run(new Date(Date.parse('2026-03-06T00:00:00Z') + i * 1_800_000).toISOString()));
    await Promise.all(day.map((r) => recordWatchdogUsage(store, r)));
    const got = await readWatchdogUsage(store, { start: new Date('2026-03-06T00:00:00Z'), end: new Date('2026-03-07T00:00:00Z') });
    expect(got).toHaveLength(48);
  });

  it('names the key of a malformed (hand-edited) item', async () => {
    const store = await fresh();
    await store.putIfAbsent('USAGE#2026-03-04', '2026-03-04T01:00:00.000Z#scan#x', { functionName: 'scan', runId: 'x', startedAt: '2026-03-04T01:00:00.000Z', durationMs: -1, onLambda: true, calls: [] });
    await expect(readWatchdogUsage(store, { start: new Date('2026-03-04T00:00:00Z'), end: new Date('2026-03-05T00:00:00Z') })).rejects.toThrow(
      /USAGE#2026-03-04 \/ 2026-03-04T01:00:00.000Z#scan#x is malformed: .*durationMs/,
    );
  });
});

describe('usage periods and records', () => {
  it('lists the UTC days a period touches, the end exclusive', () => {
    expect(usageDays({ start: new Date('2026-03-03T12:00:00Z'), end: new Date('2026-03-05T00:00:00Z') }).map((d) => d.toISOString().slice(0, 10))).toEqual([
      '2026-03-03',
      '2026-03-04',
    ]);
    expect(usageDays({ start: new Date('2026-03-03T00:00:00Z'), end: new Date('2026-03-10T00:00:00Z') })).toHaveLength(7);
  });

  it('refuses an empty, reversed, invalid or huge period with a clear error', () => {
    const at = new Date('2026-03-03T00:00:00Z');
    expect(() => usageDays({ start: at, end: at })).toThrow(/must end after it starts/);
    expect(() => usageDays({ start: at, end: new Date('nope') })).toThrow(UsageRecordError);
    expect(() => usageDays({ start: at, end: new Date('2027-03-03T00:00:00Z') })).toThrow(/at most 120 days/);
  });

  it('refuses to write an invalid record', async () => {
    const store = { putIfAbsent: async () => true };
    await expect(recordWatchdogUsage(store, run('2026-03-04T01:00:00.000Z', 'nightly' as never))).rejects.toThrow(/functionName must be one of/);
    await expect(recordWatchdogUsage(store, run('2026-03-04T01:00:00.000Z', 'scan', { memoryMb: 0 }))).rejects.toThrow(/memoryMb/);
    await expect(recordWatchdogUsage(store, run('2026-03-04T01:00:00.000Z', 'scan', { calls: [{ cloud: 'oci' as never, operation: 'x', calls: 1 }] }))).rejects.toThrow(/unknown cloud/);
  });
});
