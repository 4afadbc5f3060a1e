import { classifyAwsError, type AwsOperation, type AwsProviderError } from './errors';

/**
 * Counts logical API calls per operation for ProviderStatus.calls and classifies failures. SDK-level retries
 * of one call are not counted again: the count is what our code asked for.
 *
 * It also stops hammering AWS after a permission or credential failure: once `sagemaker:DescribeEndpoint` is
 * denied, the other 9,999 describes of a large fleet would be denied too, so they fail fast with the same error.
 */
export class AwsCallLog {
  private readonly counts = new Map<string, number>();
  private readonly billable = new Map<string, number>();
  private readonly denied = new Map<string, AwsProviderError>();
  private credentialError?: AwsProviderError;

  async send<T>(operation: AwsOperation, call: () => Promise<T>): Promise<T> {
    if (this.credentialError) throw this.credentialError;
    const denied = this.denied.get(operation);
    if (denied) throw denied;
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
    try {
      return await call();
    } catch (err) {
      const classified = classifyAwsError(err, operation);
      if (classified.credentialFailure) this.credentialError ??= classified;
      else if (classified.state === 'auth-failed') this.denied.set(operation, classified);
      throw classified;
    }
  }

  /**
   * Billable units of an operation priced per unit rather than per call (GetMetricData: metrics requested), for
   * ml-watchdog's own cost (src/usage/). Counted per attempt our code makes, like calls.
   */
  addUnits(operation: AwsOperation, n: number): void {
    this.billable.set(operation, (this.billable.get(operation) ?? 0) + n);
  }

  units(): Record<string, number> {
    return Object.fromEntries([...this.billable].sort(([a], [b]) => a.localeCompare(b)));
  }

  count(operation: AwsOperation): number {
    return this.counts.get(operation) ?? 0;
  }

  calls(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/**
 * Follows a NextToken-style cursor until the service stops returning one. Pages may be short or EMPTY while a
 * token is still set (ListTrainingJobs with StatusEquals filters after fetching MaxResults rows), so the loop
 * never stops on an empty page. A repeated token would loop forever against a misbehaving server: stop there.
 */
export async function forEachPage<P>(
  fetchPage: (token: string | undefined) => Promise<P>,
  nextToken: (page: P) => string | undefined,
  onPage: (page: P) => void | Promise<void>,
): Promise<void> {
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    await onPage(page);
    token = nextToken(page) || undefined;
    if (token !== undefined) {
      if (seen.has(token)) return;
      seen.add(token);
    }
  } while (token !== undefined);
}
