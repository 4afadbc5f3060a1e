import { GetCostAndUsageCommand, type CostExplorerClient, type GetCostAndUsageCommandInput } from '@aws-sdk/client-cost-explorer';
import type { CostLine } from '../../domain/cost';
import type { TimeWindow } from '../../domain/utilization';
import { forEachPage, type AwsCallLog } from './call-log';
import { costCacheKey, isFresh, type CostCache } from './cost-cache';
import { BILLED_METRIC, EFFECTIVE_METRIC, toCostLines, type CostAnswer } from './cost-lines';
import { classifyAwsError } from './errors';
import { FailureLog } from './provider-status';

/** Cost Explorer's SERVICE dimension value for SageMaker AI (unchanged by the 2024 "SageMaker AI" rename). */
export const SAGEMAKER_SERVICE_NAME = 'Amazon SageMaker';

const DAY_MS = 86_400_000;

export interface CostQuery {
  name: 'by-service' | 'sagemaker-by-owner';
  input: GetCostAndUsageCommandInput;
  source: string;
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * The window as whole UTC days, which is what DAILY granularity bills by and what makes hourly runs ask the very
 * same question (and so hit the cache). End is exclusive; it may be tomorrow (today then comes back as an
 * Estimated partial day) but never later: Cost Explorer rejects an End "past the beginning of next month".
 */
export function costPeriod(window: TimeWindow, now: Date): { Start: string; End: string } {
  const tomorrow = Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS;
  const end = Math.min(Math.ceil(window.end.getTime() / DAY_MS) * DAY_MS, tomorrow);
  const start = Math.min(Math.floor(window.start.getTime() / DAY_MS) * DAY_MS, end - DAY_MS);
  return { Start: isoDay(start), End: isoDay(end) };
}

/**
 * Two questions: every service's daily cost per account (budgets, anomalies, hidden costs), and SageMaker's daily cost by
 * owner tag. Cost Explorer cannot attribute SageMaker cost to an endpoint (no RESOURCE_ID group-by), so the owner
 * tag, activated as a cost-allocation tag, is the finest billed split there is.
 */
export function costQueries(window: TimeWindow, now: Date, ownerTag: string): CostQuery[] {
  const base = { TimePeriod: costPeriod(window, now), Granularity: 'DAILY' as const, Metrics: [BILLED_METRIC, EFFECTIVE_METRIC] };
  const how = `AWS Cost Explorer GetCostAndUsage ${BILLED_METRIC} (${EFFECTIVE_METRIC} as effective cost), daily`;
  return [
    {
      // LINKED_ACCOUNT splits an organization's bill by member account (one group per account in a single account),
      // so anomalies and hidden costs are judged per account: a second group-by, not a second request.
      name: 'by-service',
      input: {
        ...base,
        GroupBy: [
          { Type: 'DIMENSION', Key: 'SERVICE' },
          { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
        ],
      },
      source: `${how}, grouped by SERVICE and LINKED_ACCOUNT`,
    },
    {
      // The filter fixes the service, so the second group-by can split by member account instead: owner attribution
      // (unattributed-spend) is judged per account. Cost Explorer allows two group-bys per request.
      name: 'sagemaker-by-owner',
      input: {
        ...base,
        Filter: { Dimensions: { Key: 'SERVICE', Values: [SAGEMAKER_SERVICE_NAME] } },
        GroupBy: [
          { Type: 'TAG', Key: ownerTag },
          { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
        ],
      },
      source: `${how}, ${SAGEMAKER_SERVICE_NAME} grouped by tag ${ownerTag} and LINKED_ACCOUNT`,
    },
  ];
}

function isCostAnswer(v: unknown): v is CostAnswer {
  return typeof v === 'object' && v !== null && Array.isArray((v as CostAnswer).ResultsByTime);
}

export interface ReadCostsOptions {
  ce: CostExplorerClient;
  cache: CostCache;
  cacheHours: number;
  log: AwsCallLog;
  window: TimeWindow;
  now: Date;
  ownerTag: string;
}

export interface CostsRead {
  lines: CostLine[];
  failures: FailureLog;
  /** Queries answered from the cache (no request, no $0.01). */
  cacheHits: number;
}

/**
 * Runs each query at most once per cache window. GetCostAndUsage has NO SDK paginator: NextPageToken is followed
 * by hand and all pages are cached together under a key that leaves the token out. A broken cache is not a reason
 * to fail: it only costs money, and the status says so.
 */
export async function readCosts(opts: ReadCostsOptions): Promise<CostsRead> {
  const failures = new FailureLog();
  let cacheHits = 0;
  const lines: CostLine[] = [];
  for (const q of costQueries(opts.window, opts.now, opts.ownerTag)) {
    const key = costCacheKey(q.input);
    let answer: CostAnswer | undefined;
    try {
      const hit = await opts.cache.get(key);
      if (hit && isFresh(hit.storedAt, opts.now, opts.cacheHours) && isCostAnswer(hit.value)) answer = hit.value;
    } catch (err) {
      failures.note(`Cost cache could not be read (${err instanceof Error ? err.message : String(err)}); Cost Explorer was asked again.`);
    }
    if (answer) cacheHits++;
    else {
      try {
        answer = await fetchAnswer(opts.ce, opts.log, q.input);
      } catch (err) {
        failures.add(q.name, classifyAwsError(err, 'CostExplorer.GetCostAndUsage'));
        continue;
      }
      try {
        await opts.cache.put(key, answer, opts.now);
      } catch (err) {
        failures.note(`Cost cache could not be written (${err instanceof Error ? err.message : String(err)}); the next run pays for the same query again.`);
      }
    }
    lines.push(...toCostLines(answer, { source: q.source, defaultServiceName: q.name === 'sagemaker-by-owner' ? SAGEMAKER_SERVICE_NAME : undefined }));
  }
  return { lines, failures, cacheHits };
}

async function fetchAnswer(ce: CostExplorerClient, log: AwsCallLog, input: GetCostAndUsageCommandInput): Promise<CostAnswer> {
  const answer: CostAnswer = { ResultsByTime: [] };
  await forEachPage(
    (NextPageToken) => log.send('CostExplorer.GetCostAndUsage', () => ce.send(new GetCostAndUsageCommand({ ...input, NextPageToken }))),
    (page) => page.NextPageToken,
    (page) => {
      answer.GroupDefinitions ??= page.GroupDefinitions;
      answer.ResultsByTime.push(...(page.ResultsByTime ?? []));
    },
  );
  return answer;
}
