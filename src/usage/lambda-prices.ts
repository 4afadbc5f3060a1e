import type { LambdaArchitecture } from './usage-record';

/**
 * AWS Lambda on-demand prices in us-east-1 (USD), first pricing tier (the first 6 billion x86 / 7.5 billion arm64
 * GB-seconds a month, far above what the watchdog uses). Source: https://aws.amazon.com/lambda/pricing/ ("Duration
 * is calculated from the time your code begins executing until it returns ... rounded up to the nearest 1 ms"), with
 * the per-architecture figures as quoted by third-party guides (cloudchipr.com, kodekloud notes) since the page's
 * price table is rendered by script. Other regions differ by a few percent; the free tier (1M requests and 400,000
 * GB-seconds a month, shared with the account's other functions) is not subtracted.
 */
export const LAMBDA_GB_SECOND_USD: Record<LambdaArchitecture, number> = {
  x86_64: 0.0000166667,
  arm64: 0.0000133334,
};
export const LAMBDA_REQUEST_USD = 0.2 / 1_000_000;

/** serverless.yml provider.architecture: what a record without one (an older runtime) is assumed to have run on. */
export const DEFAULT_LAMBDA_ARCHITECTURE: LambdaArchitecture = 'arm64';

export const LAMBDA_PRICE_BASIS =
  'AWS Lambda us-east-1: $0.0000166667 (x86_64) / $0.0000133334 (arm64) per GB-second and $0.20 per 1M requests (AWS Lambda pricing page, first tier)';

/** GB-seconds of one invocation: configured memory (MB / 1024) times billed duration. */
export const gbSeconds = (memoryMb: number, durationMs: number): number => (memoryMb / 1024) * (durationMs / 1000);

export function lambdaCostUsd(architecture: LambdaArchitecture, gbs: number, requests: number): number {
  return gbs * LAMBDA_GB_SECOND_USD[architecture] + requests * LAMBDA_REQUEST_USD;
}
