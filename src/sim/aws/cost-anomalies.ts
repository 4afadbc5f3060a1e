import type { Anomaly, GetAnomaliesRequest, GetAnomaliesResponse, RootCause } from '@aws-sdk/client-cost-explorer';
import { DAY_MS, dailyCostItems } from '../cost-model';
import type { FleetState, SimCostAnomaly } from '../fleet-model';
import { AwsServiceError, type AwsCallContext, type Wire } from '../protocol/aws-json';
import { hashString } from '../prng';
import { validation } from './ce-query';
import { pageSize, paginate, queryFingerprint } from './paging';

/** AnomalyDateInterval dates: "YYYY-MM-DD", optionally with "THH:MM:SSZ" (API reference pattern). */
const DATE = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}Z)?$/;
/** Days before the anomaly whose mean is the "expected" spend. ⚠️ AWS's model is not public; a mean is our stand-in. */
const EXPECTED_DAYS = 14;
const OPERATORS = ['EQUAL', 'GREATER_THAN_OR_EQUAL', 'LESS_THAN_OR_EQUAL', 'GREATER_THAN', 'LESS_THAN', 'BETWEEN'];

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayOf = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const round = (x: number) => Math.round(x * 100) / 100;

function parseDate(s: string | undefined, field: string): number {
  const m = s ? DATE.exec(s) : null;
  if (!m) throw validation(`${field} "${s ?? ''}" must match the pattern (\\d{4}-\\d{2}-\\d{2})(T\\d{2}:\\d{2}:\\d{2}Z)?.`);
  return Date.parse(`${m[1]}T00:00:00Z`);
}

/** A stable, uuid-shaped id from a seed string (the real ids are UUIDs). */
function uuidOf(seed: string): string {
  const h = (n: number) => hashString(`${seed}|${n}`).toString(16).padStart(8, '0');
  const hex = `${h(1)}${h(2)}${h(3)}${h(4)}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function monitorArn(account: string, monitorName: string): string {
  return `arn:aws:ce::${account}:anomalymonitor/${uuidOf(`monitor|${monitorName}`)}`;
}

/**
 * One declared anomaly as GetAnomalies shows it at `nowMs`, with figures from the fleet's cost items: expected = the
 * service's mean daily cost over the 14 days before the start; actual = its cost on each anomaly day; root causes =
 * the usage types (per region) whose cost rose most. Cost Anomaly Detection runs on daily cost data, so a day is
 * judged once it is over ⚠️ (AWS documents detection "within 24 hours", not the exact cut): the last day shown is at
 * most yesterday, and an anomaly that started today is not reported yet.
 */
export function anomalyView(state: FleetState, a: SimCostAnomaly, nowMs: number): Anomaly | undefined {
  const startDay = dayOf(a.startMs);
  const yesterday = dayOf(nowMs) - DAY_MS;
  if (startDay > yesterday) return undefined;
  const endDay = Math.min(dayOf(a.endMs ?? nowMs), yesterday);
  const items = dailyCostItems(state, startDay - EXPECTED_DAYS * DAY_MS, endDay + DAY_MS, nowMs).filter((i) => i.service === a.service);
  const byCause = new Map<string, { usageType: string; region: string; before: number; during: number }>();
  const daily = new Map<number, number>();
  let before = 0;
  for (const i of items) {
    const k = `${i.usageType}|${i.region}`;
    const c = byCause.get(k) ?? { usageType: i.usageType, region: i.region, before: 0, during: 0 };
    if (i.dayMs < startDay) {
      c.before += i.costUsd;
      before += i.costUsd;
    } else {
      c.during += i.costUsd;
      daily.set(i.dayMs, (daily.get(i.dayMs) ?? 0) + i.costUsd);
    }
    byCause.set(k, c);
  }
  const days = (endDay - startDay) / DAY_MS + 1;
  const expectedPerDay = before / EXPECTED_DAYS;
  const actual = [...daily.values()].reduce((s, x) => s + x, 0);
  const expected = expectedPerDay * days;
  const impact = actual - expected;
  const maxImpact = Math.max(0, ...[...daily.values()].map((x) => x - expectedPerDay));
  const causes: RootCause[] = [...byCause.values()]
    .map((c) => ({ ...c, contribution: c.during - (c.before / EXPECTED_DAYS) * days }))
    .filter((c) => c.contribution > 0)
    .sort((x, y) => y.contribution - x.contribution)
    .slice(0, 3)
    .map((c) => ({
      Service: a.service,
      Region: c.region,
      LinkedAccount: state.account,
      LinkedAccountName: 'simulated-account',
      UsageType: c.usageType,
      Impact: { Contribution: round(c.contribution) },
    }));
  const score = actual > 0 ? round(Math.min(1, Math.max(0, impact) / actual)) : 0;
  return {
    AnomalyId: a.id ?? uuidOf(`anomaly|${a.service}|${startDay}`),
    AnomalyStartDate: isoDay(startDay),
    AnomalyEndDate: isoDay(endDay),
    DimensionValue: a.service,
    RootCauses: causes,
    AnomalyScore: { MaxScore: score, CurrentScore: a.endMs !== undefined && a.endMs <= nowMs ? 0 : score },
    Impact: {
      MaxImpact: round(maxImpact),
      TotalImpact: round(impact),
      TotalActualSpend: round(actual),
      TotalExpectedSpend: round(expected),
      ...(expected > 0 ? { TotalImpactPercentage: round((impact / expected) * 100) } : {}),
    },
    MonitorArn: monitorArn(state.account, a.monitorName),
    ...(a.feedback ? { Feedback: a.feedback } : {}),
  };
}

function impactFilter(f: Wire<GetAnomaliesRequest>['TotalImpact']): (x: number) => boolean {
  if (!f) return () => true;
  const op = f.NumericOperator ?? '';
  if (!OPERATORS.includes(op)) throw validation(`TotalImpact.NumericOperator must be one of ${OPERATORS.join(', ')}.`);
  const a = f.StartValue ?? NaN;
  const b = f.EndValue ?? NaN;
  if (op === 'BETWEEN' && !Number.isFinite(b)) throw validation('TotalImpact.EndValue is required with BETWEEN.');
  return (x) =>
    op === 'EQUAL' ? x === a : op === 'GREATER_THAN_OR_EQUAL' ? x >= a : op === 'LESS_THAN_OR_EQUAL' ? x <= a : op === 'GREATER_THAN' ? x > a : op === 'LESS_THAN' ? x < a : x >= a && x <= b;
}

/**
 * GetAnomalies: the anomalies whose AnomalyEndDate is within DateInterval (API reference), optionally of one monitor,
 * one feedback value or a total impact range, newest first, paged by MaxResults / NextPageToken. A fleet without
 * declared anomalies answers an empty list, as an account without a monitor does.
 */
export function getAnomalies(input: Wire<GetAnomaliesRequest>, ctx: AwsCallContext): GetAnomaliesResponse {
  const from = parseDate(input.DateInterval?.StartDate, 'DateInterval.StartDate');
  const to = input.DateInterval?.EndDate ? parseDate(input.DateInterval.EndDate, 'DateInterval.EndDate') : dayOf(ctx.nowMs);
  if (to < from) throw validation('DateInterval.EndDate must not be before StartDate.');
  const size = pageSize('MaxResults', input.MaxResults, 1, 100, 20);
  const impact = impactFilter(input.TotalImpact);
  const all = ctx.state.costAnomalies
    .map((a) => anomalyView(ctx.state, a, ctx.nowMs))
    .filter((a): a is Anomaly => a !== undefined)
    .filter((a) => {
      const end = Date.parse(`${a.AnomalyEndDate}T00:00:00Z`);
      return end >= from && end <= to;
    })
    .filter((a) => !input.MonitorArn || a.MonitorArn === input.MonitorArn)
    .filter((a) => !input.Feedback || a.Feedback === input.Feedback)
    .filter((a) => impact(a.Impact?.TotalImpact ?? 0))
    .sort((x, y) => (x.AnomalyStartDate! < y.AnomalyStartDate! ? 1 : x.AnomalyStartDate! > y.AnomalyStartDate! ? -1 : x.AnomalyId! < y.AnomalyId! ? -1 : 1));
  const fingerprint = hashString(queryFingerprint(input as Record<string, unknown>, ['NextPageToken', 'MaxResults'])).toString(36);
  const page = paginate(all, input.NextPageToken, size, fingerprint, () => new AwsServiceError('InvalidNextTokenException', 'The pagination token is invalid.'));
  return { Anomalies: page.items, ...(page.nextToken ? { NextPageToken: page.nextToken } : {}) };
}
