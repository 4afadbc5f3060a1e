import { CLOUDS, type Cloud } from '../domain/cloud';

/**
 * One run of ml-watchdog as its own bill sees it: which function ran, for how long, with how much memory, and the
 * cloud API calls it made. The scheduled functions and the CLI write one per invocation (usage-store.ts); the weekly
 * report sums them (summarize-watchdog-cost.ts).
 */

/** The Lambda functions of serverless.yml by their role, plus `cli` for local runs (no Lambda cost). */
export const WATCHDOG_FUNCTIONS = ['scan', 'audit', 'remediate', 'slack-actions', 'weekly-report', 'cli'] as const;
export type WatchdogFunction = (typeof WATCHDOG_FUNCTIONS)[number];

/** Lambda's two instruction set architectures; their GB-second prices differ (arm64 is about 20% cheaper). */
export const LAMBDA_ARCHITECTURES = ['x86_64', 'arm64'] as const;
export type LambdaArchitecture = (typeof LAMBDA_ARCHITECTURES)[number];

/** Calls to one operation of one cloud in one run. */
export interface ApiCallCount {
  cloud: Cloud;
  /** As the providers count it: `CostExplorer.GetCostAndUsage`, `Monitor.Metrics_List`, `BigQuery.Query`, ... */
  operation: string;
  calls: number;
  /**
   * Billable units when the price is not per call, as measured: CloudWatch.GetMetricData counts metrics requested
   * (every query of every page), BigQuery.Query counts bytes processed. Absent when the provider does not measure them.
   */
  units?: number;
}

export interface UsageRecord {
  functionName: WatchdogFunction;
  /** The invocation id (Lambda's awsRequestId) or a random one: with startedAt it keys the record, so a retried write is a no-op. */
  runId: string;
  startedAt: Date;
  /** Handler start to end, rounded up to the millisecond as Lambda bills it (init time before the handler is not included). */
  durationMs: number;
  /** The function's configured memory (Lambda context.memoryLimitInMB); absent for the CLI or when unknown. */
  memoryMb?: number;
  architecture?: LambdaArchitecture;
  /** True when the run was a Lambda invocation (billed Lambda time); false for the CLI. */
  onLambda: boolean;
  calls: ApiCallCount[];
}

export class UsageRecordError extends Error {
  readonly code = 'USAGE_RECORD_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'UsageRecordError';
  }
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/** Throws UsageRecordError naming the first bad field: a record is written by our code only, so a bad one is a bug. */
export function validateUsageRecord(r: UsageRecord): UsageRecord {
  const bad = (what: string): never => {
    throw new UsageRecordError(`usage record ${r.functionName ?? '?'}/${r.runId ?? '?'}: ${what}`);
  };
  if (!WATCHDOG_FUNCTIONS.includes(r.functionName)) bad(`functionName must be one of ${WATCHDOG_FUNCTIONS.join(', ')}, got ${JSON.stringify(r.functionName)}`);
  if (typeof r.runId !== 'string' || !r.runId || r.runId.includes('#')) bad('runId must be a non-empty string without #');
  if (!(r.startedAt instanceof Date) || Number.isNaN(r.startedAt.getTime())) bad('startedAt must be a valid Date');
  if (!isCount(r.durationMs)) bad(`durationMs must be a non-negative number, got ${String(r.durationMs)}`);
  if (r.memoryMb !== undefined && !(isCount(r.memoryMb) && r.memoryMb > 0)) bad(`memoryMb must be a positive number, got ${String(r.memoryMb)}`);
  if (r.architecture !== undefined && !LAMBDA_ARCHITECTURES.includes(r.architecture)) bad(`architecture must be x86_64 or arm64, got ${JSON.stringify(r.architecture)}`);
  if (typeof r.onLambda !== 'boolean') bad('onLambda must be a boolean');
  if (!Array.isArray(r.calls)) bad('calls must be an array');
  for (const c of r.calls) {
    if (!CLOUDS.includes(c.cloud)) bad(`calls: unknown cloud ${JSON.stringify(c.cloud)}`);
    if (typeof c.operation !== 'string' || !c.operation) bad('calls: operation must be a non-empty string');
    if (!isCount(c.calls)) bad(`calls: ${c.operation} has a bad count ${String(c.calls)}`);
    if (c.units !== undefined && !isCount(c.units)) bad(`calls: ${c.operation} has bad units ${String(c.units)}`);
  }
  return r;
}

/** Lambda bills duration rounded up to the nearest millisecond. */
export const billedMs = (elapsedMs: number): number => Math.max(0, Math.ceil(elapsedMs));

/** Node's process.arch as Lambda names it: the architecture the code actually runs on, whatever serverless.yml says. */
export function lambdaArchitecture(arch: string = process.arch): LambdaArchitecture | undefined {
  if (arch === 'arm64') return 'arm64';
  if (arch === 'x64') return 'x86_64';
  return undefined;
}

/** The memory size from the Lambda context (a string in the Node runtime) or the runtime's environment variable. */
export function lambdaMemoryMb(contextMemory: string | number | undefined, env: NodeJS.ProcessEnv = process.env): number | undefined {
  for (const raw of [contextMemory, env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE]) {
    const n = Number(raw);
    if (raw !== undefined && raw !== '' && Number.isFinite(n) && n > 0) return n;
  }
  return undefined;
}
