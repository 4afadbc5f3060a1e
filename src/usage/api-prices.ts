import type { Cloud } from '../domain/cloud';

/**
 * Published per-request prices of the cloud APIs ml-watchdog calls, in USD (all three clouds publish these in USD),
 * so the weekly report can say what the watchdog itself costs. Each entry carries the sentence it is based on; a ⚠️
 * marks a price we could not check against the provider's own pricing page (as of 2026-12; see docs/decisions.md,
 * "What ml-watchdog costs to run") and says so in the text the report shows. Free tiers are never subtracted: they
 * are shared with everything else in the account.
 */

/** What one unit of the price is: a call, a metric requested in a call, or a byte BigQuery processed. */
export type PriceUnit = 'call' | 'metric' | 'byte';

export interface ApiPrice {
  cloud: Cloud;
  /** An exact operation (`CostExplorer.GetCostAndUsage`) or a service prefix ending in `.` (`SageMaker.`). */
  operation: string;
  unit: PriceUnit;
  /** USD per `per` units. */
  usd: number;
  per: number;
  /** The sentence shown as OperationUsage.priceBasis. */
  basis: string;
  /** False when the price could not be verified against the provider's pricing page (⚠️ in `basis`). */
  verified: boolean;
  /** Units to assume per call when a record has no measured units (older records); see `estimateNote`. */
  unitsPerCallEstimate?: number;
  estimateNote?: string;
}

/** 1 TiB: BigQuery bills on-demand queries per TiB (2^40 bytes). */
export const TIB = 2 ** 40;
/** BigQuery bills at least 10 MB per query (and per table referenced). */
export const BIGQUERY_MIN_BYTES = 10 * 2 ** 20;

const FREE = (cloud: Cloud, operation: string, basis: string, verified = true): ApiPrice => ({ cloud, operation, unit: 'call', usd: 0, per: 1, basis, verified });

export const API_PRICES: readonly ApiPrice[] = [
  // https://aws.amazon.com/aws-cost-management/aws-cost-explorer/pricing/ : "Each request will incur a cost of $0.01."
  // Every page of a paginated answer is its own request.
  {
    cloud: 'aws',
    operation: 'CostExplorer.',
    unit: 'call',
    usd: 0.01,
    per: 1,
    basis: 'Cost Explorer API: $0.01 per request, each page counted (AWS Cost Explorer pricing page)',
    verified: true,
  },
  // ⚠️ The pricing page's sentence is about "the AWS Cost Explorer API"; GetAnomalies is a Cost Explorer API action
  // (ce:GetAnomalies) but Cost Anomaly Detection is advertised as free: we assume the request price applies.
  {
    cloud: 'aws',
    operation: 'CostExplorer.GetAnomalies',
    unit: 'call',
    usd: 0.01,
    per: 1,
    basis: '⚠️ Cost Explorer API GetAnomalies: assumed $0.01 per request like other Cost Explorer API requests (not verified: Cost Anomaly Detection itself is free)',
    verified: false,
  },
  // ⚠️ AWS's CloudWatch pricing page was not reachable from here; third-party cost guides (Site24x7, Vantage) quote
  // "$0.01 per 1,000 metrics requested" for GetMetricData, and the team's API notes mark the same figure ⚠️.
  {
    cloud: 'aws',
    operation: 'CloudWatch.GetMetricData',
    unit: 'metric',
    usd: 0.01,
    per: 1000,
    basis: '⚠️ CloudWatch GetMetricData: $0.01 per 1,000 metrics requested (third-party summaries of the CloudWatch pricing page, not verified); metrics counted per call and page',
    verified: false,
    // GetMetricData takes up to 500 queries per call (metric-plan.ts); the reader fills batches, so 500 is the upper bound.
    unitsPerCallEstimate: 500,
    estimateNote: 'metrics requested were not recorded by these runs: estimated at 500 per call (the batch size, an upper bound)',
  },
  // ⚠️ Same page: "other API requests" (GetMetricStatistics, ListMetrics, ...) $0.01 per 1,000 requests. Not called today.
  {
    cloud: 'aws',
    operation: 'CloudWatch.',
    unit: 'call',
    usd: 0.01,
    per: 1000,
    basis: '⚠️ CloudWatch API requests: $0.01 per 1,000 requests (not verified against the CloudWatch pricing page)',
    verified: false,
  },
  FREE('aws', 'SageMaker.', 'SageMaker API control-plane calls (List/Describe/Update): no per-request charge (SageMaker pricing bills instances, not API calls)'),
  FREE('aws', 'Tagging.', 'Resource Groups Tagging API: no per-request charge'),
  FREE('aws', 'ApplicationAutoScaling.', 'Application Auto Scaling API: no additional charge'),
  FREE('aws', 'Pricing.', 'AWS Price List Query API: no charge'),
  FREE('aws', 'STS.', 'AWS STS: no charge'),

  // https://cloud.google.com/bigquery/pricing : on-demand $6.25 per TiB processed, "minimum 10 MB data processed per
  // table referenced" (confirmed by third-party write-ups); metadata calls (tables.get, getQueryResults) are free.
  {
    cloud: 'gcp',
    operation: 'BigQuery.Query',
    unit: 'byte',
    usd: 6.25,
    per: TIB,
    basis: 'BigQuery on-demand queries: $6.25 per TiB processed, at least 10 MB per query (BigQuery pricing page); first 1 TiB a month free, not subtracted',
    verified: true,
    unitsPerCallEstimate: BIGQUERY_MIN_BYTES,
    estimateNote: 'bytes processed were not recorded by these runs: estimated at the 10 MB minimum per query (a lower bound)',
  },
  FREE('gcp', 'BigQuery.', 'BigQuery metadata and result-page calls (tables.get, getQueryResults): free operations (BigQuery pricing page)'),
  // ⚠️ Cloud Monitoring pricing lists "Monitoring API calls" reads; we could not confirm whether reads are billed per
  // call ($0.01 per 1,000 beyond 1 million a month, the long-standing price) or per time series returned today.
  {
    cloud: 'gcp',
    operation: 'Monitoring.',
    unit: 'call',
    usd: 0.01,
    per: 1000,
    basis: '⚠️ Cloud Monitoring API reads: $0.01 per 1,000 calls beyond a monthly free allowance (not verified: Google may now bill reads per time series returned)',
    verified: false,
  },
  FREE('gcp', 'Catalog.', 'Cloud Billing Catalog API: no charge'),
  FREE('gcp', 'Vertex.', 'Vertex AI control-plane calls (list/get/update endpoints, jobs, models): no per-request charge (Vertex AI bills compute)'),
  FREE('gcp', 'Notebooks.', 'Notebooks API control-plane calls: no per-request charge (Workbench bills instances)'),

  // Azure Resource Manager reads and writes carry no charge (only throttling limits); Cost Management's query API is
  // included with Cost Management. ⚠️ We found this stated by third parties (IBM Instana docs), not on an Azure page.
  FREE('azure', 'MachineLearning.', '⚠️ Azure Resource Manager calls (Machine Learning workspaces, endpoints, computes, jobs): no per-request charge (not verified on an Azure pricing page)', false),
  FREE('azure', 'CostManagement.', '⚠️ Cost Management Query/Forecast API: no per-request charge (not verified on an Azure pricing page)', false),
  // ⚠️ Azure Monitor pricing lists metric queries as "Standard API calls": $0.01 per 1,000 beyond 1,000,000 free a
  // month, as we remember it; the search tool found no copy of the Azure Monitor pricing page to confirm.
  {
    cloud: 'azure',
    operation: 'Monitor.',
    unit: 'call',
    usd: 0.01,
    per: 1000,
    basis: '⚠️ Azure Monitor metric queries: $0.01 per 1,000 API calls beyond 1,000,000 free a month (not verified against the Azure Monitor pricing page)',
    verified: false,
  },
];

/** For operations with no entry: shown with their calls and $0, and said plainly. */
export function unknownPrice(cloud: Cloud, operation: string): ApiPrice {
  return { cloud, operation, unit: 'call', usd: 0, per: 1, basis: `⚠️ no published per-request price known for ${operation}: counted at $0`, verified: false };
}

/** The price of one operation: the exact entry, else the longest service prefix, else unknownPrice. */
export function priceOf(cloud: Cloud, operation: string, table: readonly ApiPrice[] = API_PRICES): ApiPrice {
  let best: ApiPrice | undefined;
  for (const p of table) {
    if (p.cloud !== cloud) continue;
    if (p.operation === operation) return p;
    if (p.operation.endsWith('.') && operation.startsWith(p.operation) && (!best || p.operation.length > best.operation.length)) best = p;
  }
  return best ?? unknownPrice(cloud, operation);
}

/** The units a price is charged on: measured units when recorded, else calls (per-call prices) or the estimate. */
export function billableUnits(price: ApiPrice, calls: number, measuredUnits: number | undefined): { units: number; estimated: boolean } {
  if (price.unit === 'call') return { units: calls, estimated: false };
  if (measuredUnits !== undefined) return { units: measuredUnits, estimated: false };
  return { units: calls * (price.unitsPerCallEstimate ?? 0), estimated: true };
}

export const costOfUnits = (price: ApiPrice, units: number): number => (units * price.usd) / price.per;
