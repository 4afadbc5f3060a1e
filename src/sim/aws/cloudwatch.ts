import type { GetMetricDataInput, GetMetricDataOutput, Metric, MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { AwsServiceError, type AwsCallContext, type AwsJsonService, type FaultErrorKind, type Wire } from '../protocol/aws-json';
import { hashString } from '../prng';
import { resolveMetricSource } from './endpoint-metrics';
import { commonFaultError } from './fault-errors';
import { percentileOf, periodStats, retentionStartMs, type PeriodStats } from './metric-datapoints';
import { resolveTrainingMetric, trainingPeriodStats } from './training-metrics';
import { decodeToken, encodeToken, queryFingerprint } from './paging';

// CloudWatch errors: the JSON `__type` is the smithy shape, the x-amzn-query-error code is the old awsQuery code
// (ValidationException <-> ValidationError, InvalidParameterValueException <-> InvalidParameterValue ...).
const validation = (m: string) => new AwsServiceError('ValidationException', m, 400, 'ValidationError');
const invalidValue = (m: string) => new AwsServiceError('InvalidParameterValueException', m, 400, 'InvalidParameterValue');

const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const ID_PATTERN = /^[a-z][a-zA-Z0-9_]*$/;
const STAT_PATTERN = /^(Sum|Average|Minimum|Maximum|SampleCount|p(\d{1,2}(\.\d+)?|100))$/;

function pickStat(s: PeriodStats, stat: string): number {
  switch (stat) {
    case 'Sum':
      return s.sum;
    case 'Average':
      return s.average;
    case 'Minimum':
      return s.minimum;
    case 'Maximum':
      return s.maximum;
    case 'SampleCount':
      return s.sampleCount;
    default:
      return percentileOf(s, Number(stat.slice(1)));
  }
}

function validate(input: Wire<GetMetricDataInput>): Wire<MetricDataQuery>[] {
  const queries = input.MetricDataQueries ?? [];
  if (queries.length === 0) throw validation('The parameter MetricDataQueries is required and must not be empty.');
  if (queries.length > MAX_QUERIES) throw validation(`The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`);
  if (typeof input.StartTime !== 'number' || typeof input.EndTime !== 'number') throw validation('The parameters StartTime and EndTime are required.');
  if (input.StartTime >= input.EndTime) throw validation('The parameter StartTime must be less than the parameter EndTime.');
  if (input.ScanBy !== undefined && input.ScanBy !== 'TimestampAscending' && input.ScanBy !== 'TimestampDescending') {
    throw validation(`The value ${input.ScanBy} for parameter ScanBy is invalid.`);
  }
  const ids = new Set<string>();
  queries.forEach((q, i) => {
    const member = `MetricDataQueries.member.${i + 1}`;
    if (!q.Id || q.Id.length > 255 || !ID_PATTERN.test(q.Id)) {
      throw validation(`The value ${q.Id ?? ''} for parameter ${member}.Id is invalid. Ids must start with a lowercase letter and contain only letters, numbers and underscores.`);
    }
    if (ids.has(q.Id)) throw validation('The values for parameter id in MetricDataQueries are not unique.');
    ids.add(q.Id);
    if ((q.MetricStat === undefined) === (q.Expression === undefined)) {
      throw validation(`Exactly one of MetricStat and Expression must be set in ${member}.`);
    }
    if (q.Expression !== undefined) {
      throw validation(`${member}.Expression: the simulator serves MetricStat queries only; metric math is not evaluated.`);
    }
    const period = q.MetricStat?.Period;
    if (typeof period !== 'number' || period < 1 || (period >= 60 ? period % 60 !== 0 : ![1, 5, 10, 30].includes(period))) {
      throw invalidValue(`The parameter ${member}.MetricStat.Period must be 1, 5, 10, 30 or a multiple of 60.`);
    }
    if (!STAT_PATTERN.test(q.MetricStat?.Stat ?? '')) throw invalidValue(`The value ${q.MetricStat?.Stat ?? ''} for parameter ${member}.MetricStat.Stat is not a valid statistic.`);
  });
  return queries;
}

interface PeriodSource {
  unit: string;
  at(tMs: number, periodMs: number): PeriodStats | undefined;
}

/** What publishes this metric (an endpoint variant or a training host), or undefined: no data. */
function periodSource(metric: Wire<Metric> | undefined, ctx: AwsCallContext): PeriodSource | undefined {
  const dimensions = metric?.Dimensions ?? [];
  if (metric?.Namespace === '/aws/sagemaker/TrainingJobs') {
    const src = resolveTrainingMetric(ctx.state, ctx.region, metric.MetricName, dimensions);
    return src && { unit: 'Percent', at: (t, p) => trainingPeriodStats(src, t, p, ctx.nowMs) };
  }
  const src = resolveMetricSource(ctx.state, ctx.region, metric?.Namespace, metric?.MetricName, dimensions);
  return src && { unit: src.unit, at: (t, p) => periodStats(ctx.state, src, t, p, ctx.nowMs) };
}

/** Timestamps (ms) and values of one query, ascending. */
function series(q: Wire<MetricDataQuery>, startMs: number, endMs: number, ctx: AwsCallContext): { t: number[]; v: number[] } {
  const ms = q.MetricStat!;
  const out = { t: [] as number[], v: [] as number[] };
  if (q.AccountId !== undefined && q.AccountId !== ctx.state.account) return out;
  const periodStatsAt = periodSource(ms.Metric, ctx);
  // A Unit filter that does not match the published unit yields no data, as in CloudWatch.
  if (!periodStatsAt || (ms.Unit !== undefined && ms.Unit !== periodStatsAt.unit)) return out;
  // Standard-resolution metrics (SageMaker's) have one value a minute: finer periods aggregate per minute.
  const periodMs = Math.max(60, ms.Period!) * 1000;
  const from = Math.max(Math.floor(startMs / periodMs) * periodMs, Math.ceil(retentionStartMs(ms.Period!, ctx.nowMs) / periodMs) * periodMs);
  const to = Math.min(endMs, ctx.nowMs);
  for (let t = from; t < to; t += periodMs) {
    const s = periodStatsAt.at(t, periodMs);
    if (s) {
      out.t.push(t);
      out.v.push(pickStat(s, ms.Stat!));
    }
  }
  return out;
}

/**
 * GetMetricData: at most 500 queries, at most MaxDatapoints (default 100,800) datapoints per call; the rest
 * follows with NextToken and the cut result says StatusCode "PartialData".
 */
export function getMetricData(input: Wire<GetMetricDataInput>, ctx: AwsCallContext): GetMetricDataOutput {
  const queries = validate(input);
  const budgetTotal = input.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS;
  if (!Number.isInteger(budgetTotal) || budgetTotal < 1) throw validation('The parameter MaxDatapoints must be a positive integer.');
  const fingerprint = hashString(queryFingerprint(input as Record<string, unknown>, ['NextToken', 'MaxDatapoints'])).toString(36);
  let cursor = { query: 0, offset: 0 };
  if (input.NextToken) {
    const packed = decodeToken(input.NextToken, fingerprint);
    if (packed === undefined) throw new AwsServiceError('InvalidNextToken', 'The service returned an invalid NextToken.', 400, 'InvalidNextToken');
    cursor = { query: Math.floor(packed / 1e7), offset: packed % 1e7 };
  }
  const descending = input.ScanBy !== 'TimestampAscending';
  let budget = budgetTotal;
  const results: MetricDataResult[] = [];
  let nextToken: string | undefined;
  for (let i = cursor.query; i < queries.length; i++) {
    const q = queries[i]!;
    if (q.ReturnData === false) continue;
    const s = series(q, input.StartTime! * 1000, input.EndTime! * 1000, ctx);
    const order = s.t.map((_, k) => k);
    if (descending) order.reverse();
    const skip = i === cursor.query ? cursor.offset : 0;
    const take = order.slice(skip, skip + budget);
    budget -= take.length;
    const partial = skip + take.length < order.length;
    results.push({
      Id: q.Id!,
      Label: q.Label ?? q.MetricStat!.Metric?.MetricName ?? q.Id!,
      Timestamps: take.map((k) => new Date(s.t[k]!)),
      Values: take.map((k) => s.v[k]!),
      StatusCode: partial ? 'PartialData' : 'Complete',
      Messages: [],
    });
    if (partial) {
      nextToken = encodeToken(i * 1e7 + skip + take.length, fingerprint);
      break;
    }
  }
  return { MetricDataResults: results, ...(nextToken ? { NextToken: nextToken } : {}), Messages: [] };
}

/** CloudWatch: awsJson1_0 in query-compatible mode, `X-Amz-Target: GraniteServiceVersion20100801.<Operation>`. */
export const cloudWatchService: AwsJsonService = {
  service: 'CloudWatch',
  targetPrefix: 'GraniteServiceVersion20100801',
  jsonVersion: '1.0',
  queryCompatible: true,
  iamPrefix: 'cloudwatch',
  operations: { GetMetricData: getMetricData },
  faultError: (kind: FaultErrorKind, operation: string, account: string) => {
    if (kind === 'throttle') return new AwsServiceError('ThrottlingException', 'Rate exceeded', 400, 'Throttling');
    if (kind === 'server-error') return new AwsServiceError('InternalServiceFault', 'Internal service error', 500, 'InternalServiceError');
    return commonFaultError(kind, 'cloudwatch', operation, account);
  },
};
