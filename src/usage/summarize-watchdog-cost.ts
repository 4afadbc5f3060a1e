import { CLOUDS } from '../domain/cloud';
import { money, sumByCurrency, type Money } from '../domain/money';
import { billableUnits, costOfUnits, priceOf, type ApiPrice } from './api-prices';
import { DEFAULT_LAMBDA_ARCHITECTURE, gbSeconds, LAMBDA_PRICE_BASIS, LAMBDA_REQUEST_USD, LAMBDA_GB_SECOND_USD } from './lambda-prices';
import type { UsageRecord } from './usage-record';
import type { UsagePeriod } from './usage-store';
import type { LambdaUsage, OperationUsage, WatchdogCostSummary } from './watchdog-cost';

/**
 * What ml-watchdog cost over a period, from its per-run usage records (pure). Every operation called appears, free
 * ones at $0, so the report shows the call volume too; prices are list prices (api-prices.ts, lambda-prices.ts).
 */
export function summarizeWatchdogCost(records: readonly UsageRecord[], period: UsagePeriod): WatchdogCostSummary {
  const start = period.start.getTime();
  const end = period.end.getTime();
  const runs = records.filter((r) => r.startedAt.getTime() >= start && r.startedAt.getTime() < end).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());

  const { operations, estimated } = operationsOf(runs);
  const { lambda, withoutMemory } = lambdaOf(runs);
  const total = sumByCurrency([money(0), ...operations.map((o) => o.cost), ...lambda.map((l) => l.cost)]);

  return {
    period: { start: new Date(start), end: new Date(end) },
    operations,
    lambda,
    total,
    basis: 'list-price',
    coverage: { runs: runs.length, ...(runs.length ? { firstRunAt: runs[0]!.startedAt, lastRunAt: runs[runs.length - 1]!.startedAt } : {}) },
    notes: notesFor(runs, operations, estimated, withoutMemory),
  };
}

interface OperationTotal {
  price: ApiPrice;
  calls: number;
  units: number;
  estimatedCalls: number;
}

function operationsOf(runs: readonly UsageRecord[]): { operations: OperationUsage[]; estimated: ApiPrice[] } {
  const byOp = new Map<string, OperationTotal>();
  for (const run of runs) {
    for (const c of run.calls) {
      const key = `${c.cloud}\u0000${c.operation}`;
      const total = byOp.get(key) ?? { price: priceOf(c.cloud, c.operation), calls: 0, units: 0, estimatedCalls: 0 };
      const billed = billableUnits(total.price, c.calls, c.units);
      total.calls += c.calls;
      total.units += billed.units;
      if (billed.estimated) total.estimatedCalls += c.calls;
      byOp.set(key, total);
    }
  }
  const cloudRank = (cloud: string) => CLOUDS.indexOf(cloud as (typeof CLOUDS)[number]);
  const totals = [...byOp.entries()]
    .map(([key, t]) => ({ key, t, cost: costOfUnits(t.price, t.units) }))
    .sort((a, b) => cloudRank(a.t.price.cloud) - cloudRank(b.t.price.cloud) || b.cost - a.cost || a.key.localeCompare(b.key));
  const operations = totals.map(({ key, t, cost }): OperationUsage => {
    const [cloud, operation] = key.split('\u0000') as [OperationUsage['cloud'], string];
    return { cloud, operation, calls: t.calls, cost: money(cost), priceBasis: basisOf(t) };
  });
  return { operations, estimated: totals.filter(({ t }) => t.estimatedCalls > 0).map(({ t }) => t.price) };
}

function basisOf(t: OperationTotal): string {
  const parts = [t.price.basis];
  if (t.price.unit === 'metric') parts.push(`${Math.round(t.units).toLocaleString('en-US')} metrics requested`);
  if (t.price.unit === 'byte') parts.push(`${(t.units / 2 ** 30).toFixed(3)} GiB billed`);
  if (t.estimatedCalls > 0 && t.price.estimateNote) parts.push(`${t.estimatedCalls} of ${t.calls} calls: ${t.price.estimateNote}`);
  return parts.join('; ');
}

function lambdaOf(runs: readonly UsageRecord[]): { lambda: LambdaUsage[]; withoutMemory: Map<string, number> } {
  const byFn = new Map<string, { invocations: number; gbSeconds: number; usd: number }>();
  const withoutMemory = new Map<string, number>();
  for (const run of runs) {
    if (!run.onLambda) continue; // the CLI runs on the user's machine: no Lambda bill
    const t = byFn.get(run.functionName) ?? { invocations: 0, gbSeconds: 0, usd: 0 };
    t.invocations++;
    t.usd += LAMBDA_REQUEST_USD;
    if (run.memoryMb === undefined) {
      withoutMemory.set(run.functionName, (withoutMemory.get(run.functionName) ?? 0) + 1);
    } else {
      const gbs = gbSeconds(run.memoryMb, run.durationMs);
      t.gbSeconds += gbs;
      t.usd += gbs * LAMBDA_GB_SECOND_USD[run.architecture ?? DEFAULT_LAMBDA_ARCHITECTURE];
    }
    byFn.set(run.functionName, t);
  }
  const lambda = [...byFn.entries()]
    .map(([functionName, t]): LambdaUsage => ({ functionName, invocations: t.invocations, gbSeconds: t.gbSeconds, cost: money(t.usd) }))
    .sort((a, b) => b.cost.amount - a.cost.amount || a.functionName.localeCompare(b.functionName));
  return { lambda, withoutMemory };
}

function notesFor(runs: readonly UsageRecord[], operations: readonly OperationUsage[], estimated: readonly ApiPrice[], withoutMemory: Map<string, number>): string[] {
  if (runs.length === 0) {
    return ['No usage records in this period: each function records one per run (kept 90 days), so the watchdog\'s own cost for this period is unknown, not zero.'];
  }
  const notes = ['List prices times recorded calls and Lambda time; free tiers (Lambda, CloudWatch, Cloud Monitoring, Azure Monitor, BigQuery) are not subtracted, so the real bill may be lower.'];
  if (runs.some((r) => r.onLambda)) {
    notes.push(`Lambda: ${LAMBDA_PRICE_BASIS}. Duration is measured from the handler's start to its end; initialisation (cold starts) and log ingestion are not included.`);
  }
  const unverified = operations.filter((o) => o.priceBasis.startsWith('⚠️')).map((o) => o.operation);
  if (unverified.length) notes.push(`⚠️ Prices not verified against the provider's pricing page: ${unverified.join(', ')}.`);
  for (const p of estimated) if (p.estimateNote) notes.push(`${p.operation}: ${p.estimateNote}.`);
  for (const [fn, n] of withoutMemory) notes.push(`${n} ${fn} invocation${n === 1 ? '' : 's'} recorded no memory size: counted as requests, their duration is not costed.`);
  if (runs.some((r) => r.functionName === 'remediate')) notes.push('Park and restore calls of the remediate function are not counted (SageMaker, Vertex AI and Azure ML control-plane calls have no per-request charge); its Lambda time is.');
  const cli = runs.filter((r) => !r.onLambda).length;
  if (cli) notes.push(`${cli} CLI run${cli === 1 ? '' : 's'} included: API calls counted, no Lambda cost.`);
  return notes;
}

/** The total in one currency (all USD today), for one-line summaries. */
export function totalIn(summary: Pick<WatchdogCostSummary, 'total'>, currency = 'USD'): Money {
  return summary.total.find((m) => m.currency === currency) ?? money(0, currency);
}
