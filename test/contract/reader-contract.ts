import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cloud } from '../../src/domain/cloud';
import type { Endpoint, ServingMode } from '../../src/domain/resources';
import type { Inventory } from '../../src/domain/snapshot';
import type { TimeWindow } from '../../src/domain/utilization';
import type { CloudReader } from '../../src/providers/types';

/**
 * One contract every CloudReader passes against its cloud's simulator, with REAL SDK clients (Hono's
 * common.case.test.ts habit). A cloud that cannot do something declares it in `cannot`, with the reason; the case
 * is then skipped with that reason in its title, so the gap stays visible in every test run.
 */

export const CONTRACT_CASES = [
  'inventory',
  'pagination',
  'metric-batching',
  'gpu-normalisation',
  'gpu-window',
  'coverage',
  'auth-failure',
  'throttling',
  'cost-cache',
  'costs-billed',
] as const;
export type ContractCase = (typeof CONTRACT_CASES)[number];

/** Operations named by what they do, mapped by each target to its own API (e.g. SageMaker.ListEndpoints). */
export type ContractOperation = 'list-endpoints' | 'list-notebooks' | 'metric-query' | 'cost-query';
export type ContractFault = 'throttle' | 'access-denied';

export interface ExpectedEndpoint {
  name: string;
  region: string;
  servingMode: ServingMode;
  instanceType: string;
  acceleratorCount: number;
}

export interface ExpectedInventory {
  endpoints: ExpectedEndpoint[];
  notebooks: { name: string; instanceType: string }[];
  trainingJobs: { name: string; instanceType: string; instanceCount: number }[];
}

/** A running simulated cloud and a reader wired to it with real clients. */
export interface ReaderWorld {
  reader: CloudReader;
  /** The simulator's clock (the reader's `now`). */
  now(): Date;
  advance(ms: number): void;
  /** Requests the simulator received for an operation. */
  calls(op: ContractOperation): number;
  /** Make the next `times` (default: all) calls of `op` fail. */
  fault(op: ContractOperation, kind: ContractFault, times?: number): void;
  close(): Promise<void>;
}

export type WorldSpec =
  /** The shipped demo fleet; the reader must find `expectedDemo` in it. */
  | { kind: 'demo' }
  /** `endpoints` GPU endpoints with steady traffic, in the target's default region. */
  | { kind: 'many-endpoints'; endpoints: number }
  /** One endpoint on an instance with several GPUs, each `perGpuUtilPct` busy with `perGpuMemoryPct` of its memory in use (default: the simulator's). */
  | { kind: 'gpu-load'; perGpuUtilPct: number; perGpuMemoryPct?: number }
  /** One steady endpoint whose metric datapoints are `dropPct` % missing. */
  | { kind: 'metric-gaps'; dropPct: number };

export interface ReaderContractTarget {
  cloud: Cloud;
  expectedDemo: ExpectedInventory;
  world(spec: WorldSpec): Promise<ReaderWorld>;
  limits: {
    /** Items per list page the reader asks for (and the simulator honours). */
    listPageSize: number;
    /** Metric queries one monitoring call carries at most. */
    metricQueriesPerCall: number;
    /** Metric queries per single-variant GPU endpoint. */
    metricsPerGpuEndpoint: number;
    /** How long one cost answer is reused. */
    costCacheHours: number;
  };
  /** Cases this cloud cannot do: case -> "because ...". */
  cannot?: Partial<Record<ContractCase, string>>;
}

const HOUR = 3_600_000;

function windowBefore(now: Date, hours: number): TimeWindow {
  return { start: new Date(now.getTime() - hours * HOUR), end: now };
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function runReaderContract(target: ReaderContractTarget): void {
  const { limits } = target;
  const test = (c: ContractCase, title: string, fn: () => Promise<void>, timeoutMs?: number): void => {
    const reason = target.cannot?.[c];
    if (reason) it.skip(`${title} — ${target.cloud} cannot: ${reason}`, fn);
    else it(title, fn, timeoutMs);
  };
  const withWorld = async (spec: WorldSpec, fn: (w: ReaderWorld) => Promise<void>): Promise<void> => {
    const w = await target.world(spec);
    try {
      await fn(w);
    } finally {
      await w.close();
    }
  };

  describe(`CloudReader contract: ${target.cloud}`, () => {
    test('inventory', 'finds every demo resource with its instance type, accelerators and serving mode', () =>
      withWorld({ kind: 'demo' }, async (w) => {
        const inv = await w.reader.inventory({});
        const exp = target.expectedDemo;
        expect(inv.endpoints).toHaveLength(exp.endpoints.length);
        for (const e of exp.endpoints) {
          const got = inv.endpoints.find((x) => x.ref.name === e.name && x.ref.region === e.region);
          expect(got, `endpoint ${e.name} in ${e.region}`).toBeDefined();
          expect(got!.ref.cloud).toBe(target.cloud);
          expect(got!.servingMode, e.name).toBe(e.servingMode);
          expect(got!.variants[0]!.instance.instanceType, e.name).toBe(e.instanceType);
          expect(got!.variants[0]!.instance.acceleratorCount, e.name).toBe(e.acceleratorCount);
        }
        for (const n of exp.notebooks) {
          expect(inv.notebooks.find((x) => x.ref.name.includes(n.name))?.instance.instanceType, n.name).toBe(n.instanceType);
        }
        expect(inv.notebooks).toHaveLength(exp.notebooks.length);
        for (const j of exp.trainingJobs) {
          const got = inv.trainingJobs.find((x) => x.ref.name === j.name);
          expect(got, j.name).toMatchObject({ instanceCount: j.instanceCount, instance: { instanceType: j.instanceType } });
        }
        expect(inv.trainingJobs).toHaveLength(exp.trainingJobs.length);
        expect(w.reader.status().every((s) => s.state === 'ok')).toBe(true);
      }));

    describe('a fleet larger than a page and than one metric call', () => {
      const count = limits.listPageSize * 2 + 7;
      let w: ReaderWorld;
      let inv: Inventory;
      beforeAll(async () => {
        w = await target.world({ kind: 'many-endpoints', endpoints: count });
        inv = await w.reader.inventory({});
      }, 60_000);
      afterAll(() => w?.close());

      test('pagination', `pages through ${count} endpoints`, async () => {
        expect(new Set(inv.endpoints.map((e) => e.ref.name)).size).toBe(count);
        expect(w.calls('list-endpoints')).toBe(Math.ceil(count / limits.listPageSize));
      });

      test('metric-batching', 'batches metric queries up to the per-call limit', async () => {
        const before = w.calls('metric-query');
        const series = await w.reader.utilization(inv.endpoints, { window: windowBefore(w.now(), 6) });
        const queries = count * limits.metricsPerGpuEndpoint;
        expect(series).toHaveLength(queries);
        expect(w.calls('metric-query') - before).toBe(Math.ceil(queries / limits.metricQueriesPerCall));
        expect(w.reader.status().filter((s) => s.component.startsWith('utilization')).every((s) => s.state === 'ok')).toBe(true);
      });
    });

    test('gpu-normalisation', 'reports GPU utilisation per GPU (0..100), not summed over GPUs', () =>
      withWorld({ kind: 'gpu-load', perGpuUtilPct: 40 }, async (w) => {
        const inv = await w.reader.inventory({});
        const e = inv.endpoints[0] as Endpoint;
        expect(e.variants[0]!.instance.acceleratorCount).toBeGreaterThan(1);
        const series = await w.reader.utilization([e], { window: windowBefore(w.now(), 6) });
        const gpu = series.find((s) => s.metric === 'gpu-util-pct')!;
        expect(gpu.points.length).toBeGreaterThan(0);
        expect(mean(gpu.points.map((p) => p.v))).toBeGreaterThan(30);
        expect(mean(gpu.points.map((p) => p.v))).toBeLessThan(50);
        expect(Math.max(...gpu.points.map((p) => p.v))).toBeLessThanOrEqual(100);
      }));

    test('gpu-window', 'reads GPU utilisation and GPU memory per GPU, hourly over the GPU window', () =>
      withWorld({ kind: 'gpu-load', perGpuUtilPct: 40, perGpuMemoryPct: 30 }, async (w) => {
        const inv = await w.reader.inventory({});
        const now = w.now();
        const hourEnd = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
        const gpu = { window: { start: new Date(hourEnd.getTime() - 72 * HOUR), end: hourEnd }, periodSeconds: 3600 };
        const series = await w.reader.utilization(inv.endpoints, { window: windowBefore(now, 240), detailWindow: windowBefore(now, 6), gpu });
        const util = series.find((s) => s.metric === 'gpu-util-pct')!;
        const memory = series.find((s) => s.metric === 'gpu-memory-util-pct')!;
        for (const s of [util, memory]) {
          expect(s.periodSeconds).toBe(3600);
          expect(s.window).toEqual(gpu.window);
          expect(s.coverage).toBeGreaterThan(0.95);
        }
        expect(mean(util.points.map((p) => p.v))).toBeGreaterThan(30);
        expect(mean(util.points.map((p) => p.v))).toBeLessThan(50);
        expect(mean(memory.points.map((p) => p.v))).toBeGreaterThan(25);
        expect(mean(memory.points.map((p) => p.v))).toBeLessThan(35);
        // Errors and latency stay on the detail window at 5 minutes.
        const latency = series.find((s) => s.metric === 'latency-ms')!;
        expect(latency.periodSeconds).toBe(300);
        expect(latency.window.end.getTime() - latency.window.start.getTime()).toBeLessThanOrEqual(6 * HOUR);
      }));

    test('coverage', 'reports missing datapoints as coverage below 1, never as zeros', () =>
      withWorld({ kind: 'metric-gaps', dropPct: 50 }, async (w) => {
        const inv = await w.reader.inventory({});
        const series = await w.reader.utilization(inv.endpoints, { window: windowBefore(w.now(), 12) });
        const inv5 = series.find((s) => s.metric === 'invocations')!;
        expect(inv5.coverage).toBeGreaterThan(0.2);
        expect(inv5.coverage).toBeLessThan(0.8);
        const expected = Math.floor((inv5.window.end.getTime() - inv5.window.start.getTime()) / 1000 / inv5.periodSeconds);
        expect(inv5.points.length).toBe(Math.round(inv5.coverage * expected));
        // Steady traffic: a filled-in zero would show up as a zero-invocation period.
        expect(inv5.points.every((p) => p.v > 0)).toBe(true);
      }));

    test('auth-failure', 'turns a denied call into an auth-failed status while the other parts still return', () =>
      withWorld({ kind: 'demo' }, async (w) => {
        w.fault('list-notebooks', 'access-denied');
        const inv = await w.reader.inventory({});
        expect(inv.endpoints).toHaveLength(target.expectedDemo.endpoints.length);
        const failed = w.reader.status().filter((s) => s.state === 'auth-failed');
        expect(failed.length).toBeGreaterThan(0);
        expect(failed.every((s) => s.code && s.message)).toBe(true);
      }));

    test(
      'throttling',
      'retries throttled calls and still reads everything',
      () =>
        withWorld({ kind: 'demo' }, async (w) => {
          w.fault('list-endpoints', 'throttle', 2);
          const inv = await w.reader.inventory({});
          expect(inv.endpoints).toHaveLength(target.expectedDemo.endpoints.length);
          expect(w.reader.status().every((s) => s.state === 'ok')).toBe(true);
          expect(w.calls('list-endpoints')).toBeGreaterThanOrEqual(3);
        }),
      30_000,
    );

    test('cost-cache', 'asks the billing API at most once per query within the cache window', () =>
      withWorld({ kind: 'demo' }, async (w) => {
        const window = windowBefore(w.now(), 7 * 24);
        const first = await w.reader.costs(window);
        const paid = w.calls('cost-query');
        expect(paid).toBeGreaterThan(0);
        w.advance((limits.costCacheHours / 2) * HOUR);
        const again = await w.reader.costs(windowBefore(w.now(), 7 * 24));
        expect(w.calls('cost-query')).toBe(paid);
        expect(again.length).toBe(first.length);
        w.advance(limits.costCacheHours * HOUR);
        await w.reader.costs(windowBefore(w.now(), 7 * 24));
        expect(w.calls('cost-query')).toBeGreaterThan(paid);
      }));

    test('costs-billed', 'maps billed costs with basis billed and their source', () =>
      withWorld({ kind: 'demo' }, async (w) => {
        const lines = await w.reader.costs(windowBefore(w.now(), 7 * 24));
        expect(lines.length).toBeGreaterThan(0);
        for (const l of lines) {
          expect(l.cloud).toBe(target.cloud);
          expect(l.basis).toBe('billed');
          expect(l.source.length).toBeGreaterThan(0);
          expect(Number.isFinite(l.BilledCost)).toBe(true);
          expect(l.BillingCurrency).toMatch(/^[A-Z]{3}$/);
          expect(l.ChargePeriodEnd.getTime()).toBeGreaterThan(l.ChargePeriodStart.getTime());
        }
        expect(lines.reduce((a, l) => a + l.BilledCost, 0)).toBeGreaterThan(0);
        expect(w.reader.status().find((s) => s.component === 'costs')?.state).toBe('ok');
      }));
  });
}
