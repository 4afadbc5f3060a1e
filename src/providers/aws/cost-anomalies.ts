import { GetAnomaliesCommand, type Anomaly, type CostExplorerClient, type GetAnomaliesCommandInput } from '@aws-sdk/client-cost-explorer';
import type { NativeCostAnomaly } from '../../domain/native-cost-anomaly';
import { forEachPage, type AwsCallLog } from './call-log';
import { costCacheKey, isFresh, type CostCache } from './cost-cache';
import { toNativeAnomalies } from './native-anomalies';
import { classifyAwsError } from './errors';
import { FailureLog } from './provider-status';

const DAY_MS = 86_400_000;
/** Anomalies whose last day is in the last week: older ones are over and were reported (or not) back then. */
export const ANOMALY_LOOKBACK_DAYS = 7;

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * GetAnomalies returns the anomalies whose AnomalyEndDate is in DateInterval (an ongoing anomaly's end moves on each
 * day), so the last week ending today finds every anomaly that is still running or just ended. Whole days keep the
 * request identical all day, so the cache answers hourly runs.
 */
export function anomaliesRequest(now: Date): GetAnomaliesCommandInput {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return { DateInterval: { StartDate: isoDay(today - (ANOMALY_LOOKBACK_DAYS - 1) * DAY_MS), EndDate: isoDay(today) }, MaxResults: 100 };
}

function isAnomalyList(v: unknown): v is Anomaly[] {
  return Array.isArray(v) && v.every((a) => typeof a === 'object' && a !== null && typeof (a as Anomaly).AnomalyId === 'string');
}

export interface ReadAnomaliesOptions {
  ce: CostExplorerClient;
  cache: CostCache;
  cacheHours: number;
  log: AwsCallLog;
  now: Date;
}

export interface AnomaliesRead {
  anomalies: NativeCostAnomaly[];
  failures: FailureLog;
  fromCache: boolean;
}

/**
 * Reads AWS Cost Anomaly Detection's recent anomalies, all pages (NextPageToken), at most once per cache window like
 * the cost queries. Failures (a role without ce:GetAnomalies, throttling) land in the FailureLog, never thrown.
 */
export async function readAnomalies(opts: ReadAnomaliesOptions): Promise<AnomaliesRead> {
  const failures = new FailureLog();
  const input = anomaliesRequest(opts.now);
  const key = `anomalies:${costCacheKey(input)}`;
  try {
    const hit = await opts.cache.get(key);
    if (hit && isFresh(hit.storedAt, opts.now, opts.cacheHours) && isAnomalyList(hit.value)) {
      return { anomalies: toNativeAnomalies(hit.value), failures, fromCache: true };
    }
  } catch (err) {
    failures.note(`Cost cache could not be read (${err instanceof Error ? err.message : String(err)}); GetAnomalies was asked again.`);
  }
  const raw: Anomaly[] = [];
  try {
    await forEachPage(
      (NextPageToken) => opts.log.send('CostExplorer.GetAnomalies', () => opts.ce.send(new GetAnomaliesCommand({ ...input, NextPageToken }))),
      (page) => page.NextPageToken,
      (page) => void raw.push(...(page.Anomalies ?? [])),
    );
  } catch (err) {
    failures.add('anomalies', classifyAwsError(err, 'CostExplorer.GetAnomalies'));
    return { anomalies: [], failures, fromCache: false };
  }
  try {
    await opts.cache.put(key, raw, opts.now);
  } catch (err) {
    failures.note(`Cost cache could not be written (${err instanceof Error ? err.message : String(err)}); the next run pays for GetAnomalies again.`);
  }
  return { anomalies: toNativeAnomalies(raw), failures, fromCache: false };
}
