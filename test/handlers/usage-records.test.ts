import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithIAMAuthorizer, ScheduledEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeAuditHandler } from '../../handlers/audit';
import { makeRemediateHandler } from '../../handlers/remediate';
import { makeScanHandler } from '../../handlers/scan';
import { logger } from '../../src/app/logger';
import type { RemediateDeps } from '../../src/app/remediate-deps';
import { createConsoleNotifier } from '../../src/notify/console-notifier';
import { FileStateStore } from '../../src/state/file-state-store';
import type { StateStore } from '../../src/state/state-store';
import { readWatchdogUsage } from '../../src/usage/usage-store';
import { simHarness, type SimHarness } from '../support/sim-deps';

/** The handlers record their own usage at the end of every invocation, and a failing record never fails them. */

const scheduled = JSON.parse(readFileSync('events/scan.schedule.json', 'utf8')) as ScheduledEvent;
const auditEvent = JSON.parse(readFileSync('events/audit.http.json', 'utf8')) as APIGatewayProxyEventV2WithIAMAuthorizer;
const lambdaContext = { awsRequestId: 'c0ffee00-0000-4000-8000-000000000001', memoryLimitInMB: '1024' };

/** The store with putIfAbsent replaced (the usage write); everything else is the real file store. */
function withPut(store: StateStore, putIfAbsent: StateStore['putIfAbsent']): StateStore {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'putIfAbsent') return putIfAbsent;
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('usage records written by the handlers', () => {
  let h: SimHarness;
  let dir: string;
  let n = 0;
  const freshStore = () => new FileStateStore({ file: join(dir, `state-${n++}.json`), findingsTtlDays: 90, now: h.now });
  const around = () => ({ start: new Date(h.now().getTime() - 86_400_000), end: new Date(h.now().getTime() + 86_400_000) });

  beforeAll(async () => {
    // A fixed mid-day instant: the second run is an hour later, which must not cross UTC midnight (a new billing day).
    h = await simHarness({ now: new Date('2026-11-18T10:00:00Z') });
    dir = mkdtempSync(join(tmpdir(), 'wd-usage-'));
  });
  afterAll(async () => {
    await h.sim.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('scan: one record per run with the Lambda context and the calls of that run only (warm container)', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'ml-watchdog-test-scan');
    const store = freshStore();
    const readers = h.readers(store);
    const handler = makeScanHandler(async () => ({ config: h.config, readers, store, notifier: createConsoleNotifier({ write: () => true }), now: h.now }));
    await handler(scheduled, lambdaContext);
    h.sim.clock.advance(3_600_000);
    await handler(scheduled, { ...lambdaContext, awsRequestId: 'c0ffee00-0000-4000-8000-000000000002' });

    const records = await readWatchdogUsage(store, around());
    expect(records).toHaveLength(2);
    const [first, second] = records as [(typeof records)[number], (typeof records)[number]];
    expect(first).toMatchObject({ functionName: 'scan', runId: lambdaContext.awsRequestId, memoryMb: 1024, onLambda: true });
    expect(['arm64', 'x86_64']).toContain(first.architecture);
    expect(first.durationMs).toBeGreaterThan(0);
    const op = (r: typeof first, name: string) => r.calls.find((c) => c.operation === name);
    expect(op(first, 'SageMaker.ListEndpoints')?.calls).toBeGreaterThan(0);
    expect(op(first, 'CostExplorer.GetCostAndUsage')?.calls).toBeGreaterThan(0);
    const gmd = op(first, 'CloudWatch.GetMetricData')!;
    expect(gmd.units).toBeGreaterThanOrEqual(gmd.calls); // metrics requested, counted per call
    expect(first.calls.map((c) => c.cloud)).toEqual(expect.arrayContaining(['aws', 'gcp', 'azure']));
    // An hour later Cost Explorer answers from the 6 h cache: the second run made no such call, and the first run's
    // count is not carried over by the reader's remembered statuses.
    expect(op(second, 'CostExplorer.GetCostAndUsage')).toBeUndefined();
    expect(op(second, 'SageMaker.ListEndpoints')?.calls).toBe(op(first, 'SageMaker.ListEndpoints')?.calls);
  });

  it('scan: a failing usage write is a warning, never a failed run', async () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const store = withPut(freshStore(), async () => {
      throw new Error('ProvisionedThroughputExceededException');
    });
    const handler = makeScanHandler(async () => ({ config: h.config, readers: h.readers(store), store, notifier: createConsoleNotifier({ write: () => true }), now: h.now }));
    const summary = await handler(scheduled);
    expect(summary.findings).toBeGreaterThan(0);
    expect(warn).toHaveBeenCalledWith('usage record not written', { function: 'scan', error: 'Error: ProvisionedThroughputExceededException' });
  });

  it('scan: a usage write that hangs is abandoned after a short wait', async () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const store = withPut(freshStore(), () => new Promise<boolean>(() => undefined));
    const handler = makeScanHandler(async () => ({ config: h.config, readers: h.readers(store), store, notifier: createConsoleNotifier({ write: () => true }), now: h.now }));
    const started = performance.now();
    await handler(scheduled);
    const waited = performance.now() - started;
    expect(warn).toHaveBeenCalledWith('usage record not written: the state store did not answer in time', { function: 'scan', timeoutMs: 1500 });
    expect(waited).toBeLessThan(15_000);
  });

  it('audit: records answered and rejected requests (the rejected one with no calls)', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'ml-watchdog-test-audit');
    vi.stubEnv('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', '2048');
    const store = freshStore();
    const readers = h.readers();
    const handler = makeAuditHandler(async () => ({ config: h.config, readers, now: h.now, store }));
    expect((await handler(auditEvent)).statusCode).toBe(200);
    h.sim.clock.advance(1000);
    expect((await handler({ ...auditEvent, body: '{nope', isBase64Encoded: false })).statusCode).toBe(400);
    const [ok, rejected] = await readWatchdogUsage(store, around());
    expect(ok).toMatchObject({ functionName: 'audit', memoryMb: 2048, onLambda: true });
    expect(ok!.calls.find((c) => c.operation === 'SageMaker.ListEndpoints')?.calls).toBeGreaterThan(0);
    // the sample asks for AWS only: the other clouds' readers were not called
    expect(ok!.calls.every((c) => c.cloud === 'aws')).toBe(true);
    expect(rejected).toMatchObject({ functionName: 'audit', calls: [] });
  });

  it('remediate: records even a malformed request, and survives a failing usage write', async () => {
    const store = freshStore();
    const deps = { store, now: h.now } as unknown as RemediateDeps;
    const outcome = await makeRemediateHandler(async () => deps)({ nonsense: true }, lambdaContext);
    expect(outcome).toMatchObject({ status: 'failed' });
    expect(await readWatchdogUsage(store, around())).toEqual([expect.objectContaining({ functionName: 'remediate', calls: [], onLambda: false })]);

    vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const broken = { store: withPut(store, async () => Promise.reject(new Error('boom'))), now: h.now } as unknown as RemediateDeps;
    await expect(makeRemediateHandler(async () => broken)({ nonsense: true })).resolves.toMatchObject({ status: 'failed' });
  });
});
