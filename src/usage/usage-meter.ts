import { randomUUID } from 'node:crypto';
import type { CloudReader } from '../providers/types';
import type { StateStore } from '../state/state-store';
import { callsOf, watchStatuses } from './run-calls';
import { recordWatchdogUsage } from './usage-store';
import { billedMs, lambdaArchitecture, lambdaMemoryMb, type ApiCallCount, type UsageRecord, type WatchdogFunction } from './usage-record';

/** The parts of the Lambda context a usage record needs (aws-lambda's Context has them; tests pass less). */
export interface UsageContext {
  awsRequestId?: string;
  memoryLimitInMB?: string | number;
}

export interface UsageMeterOptions {
  context?: UsageContext;
  env?: NodeJS.ProcessEnv;
  /** Wall clock for startedAt when finish() is given none. */
  now?: () => Date;
  /** Monotonic milliseconds for the duration (performance.now by default: immune to clock steps). */
  elapsed?: () => number;
  /** process.arch by default. */
  arch?: string;
}

export interface UsageMeter {
  /**
   * The record of this run, with the duration up to now. `clock` is the run's clock (deps.now): startedAt is its
   * "now" minus the duration, so records line up with the state store's clock (the simulator's, in tests and demos).
   */
  finish(calls: readonly ApiCallCount[], clock?: () => Date): UsageRecord;
}

/** Starts timing an invocation: call first thing in the handler, so the duration is the handler's. */
export function startUsageMeter(functionName: WatchdogFunction, opts: UsageMeterOptions = {}): UsageMeter {
  const env = opts.env ?? process.env;
  const elapsed = opts.elapsed ?? (() => performance.now());
  const wallClock = opts.now ?? (() => new Date());
  const t0 = elapsed();
  const onLambda = Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
  const memoryMb = onLambda ? lambdaMemoryMb(opts.context?.memoryLimitInMB, env) : undefined;
  const architecture = onLambda ? lambdaArchitecture(opts.arch) : undefined;
  // `#` separates the sort key's parts; request ids are UUIDs, but a test or a proxy could pass anything.
  const runId = (opts.context?.awsRequestId || randomUUID()).replace(/#/g, '_');
  return {
    finish: (calls, clock = wallClock) => {
      const ms = elapsed() - t0;
      return {
        functionName,
        runId,
        startedAt: new Date(clock().getTime() - Math.round(ms)),
        durationMs: billedMs(ms),
        ...(memoryMb !== undefined ? { memoryMb } : {}),
        ...(architecture ? { architecture } : {}),
        onLambda,
        calls: [...calls],
      };
    },
  };
}

export interface UsageLog {
  warn(message: string, extra: Record<string, unknown>): void;
}

/** A usage write that takes longer than this is abandoned (it may still land): the run's answer matters more. */
export const USAGE_WRITE_TIMEOUT_MS = 1500;

/**
 * Writes the record and never throws: metering must not fail or noticeably slow the run it measures. A failure or
 * a timeout is a warning with the error's name and message only (state store errors name the table, never a secret).
 */
export async function recordUsageQuietly(
  store: Pick<StateStore, 'putIfAbsent'>,
  record: UsageRecord,
  log: UsageLog,
  timeoutMs = USAGE_WRITE_TIMEOUT_MS,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    timer.unref?.();
  });
  try {
    const outcome = await Promise.race([recordWatchdogUsage(store, record).then(() => 'ok' as const), timeout]);
    if (outcome === 'timeout') log.warn('usage record not written: the state store did not answer in time', { function: record.functionName, timeoutMs });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    log.warn('usage record not written', { function: record.functionName, error: `${e.name}: ${e.message}` });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `body` and records its usage afterwards, success or not (the CLI's demo and scan: their runs' API calls land
 * in the local state store next to the deployed functions' format, at no Lambda cost).
 */
export async function withUsageRecord<T>(
  functionName: WatchdogFunction,
  deps: { readers: readonly Pick<CloudReader, 'status'>[]; store: Pick<StateStore, 'putIfAbsent'>; now: () => Date },
  log: UsageLog,
  body: () => Promise<T>,
): Promise<T> {
  const meter = startUsageMeter(functionName);
  const run = watchStatuses(deps.readers);
  try {
    return await body();
  } finally {
    await recordUsageQuietly(deps.store, meter.finish(callsOf(run.since()), deps.now), log);
  }
}
