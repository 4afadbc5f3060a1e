import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { CostManagementClient } from '@azure/arm-costmanagement';
import { MonitorClient } from '@azure/arm-monitor';
import type { TokenCredential } from '@azure/core-auth';
import { exponentialRetryPolicy, type HttpClient } from '@azure/core-rest-pipeline';
import type { WatchdogConfig } from '../../config/schema';
import { armClientOptions } from './arm-options';
import { countingPolicy, type CallCounter } from './call-counter';

type AzureConfig = WatchdogConfig['clouds']['azure'];

/** ARM options (endpoint and `$host` both set: a sovereign cloud's armEndpoint reaches every generated client). */
function options(cfg: AzureConfig, httpClient?: HttpClient) {
  return { ...armClientOptions(cfg), ...(httpClient ? { httpClient } : {}) };
}

/** Test seam: unit tests pass a fake HttpClient; real runs leave it unset (armClientOptions decides). */
export interface ClientFactoryOptions {
  credential: TokenCredential;
  config: AzureConfig;
  counter: CallCounter;
  httpClient?: HttpClient;
}

export function mlClient(o: ClientFactoryOptions, subscription: string): AzureMachineLearningWorkspaces {
  const client = new AzureMachineLearningWorkspaces(o.credential, subscription, options(o.config, o.httpClient));
  client.pipeline.addPolicy(countingPolicy(o.counter), { afterPhase: 'Retry' });
  return client;
}

export function monitorClient(o: ClientFactoryOptions, subscription: string): MonitorClient {
  const client = new MonitorClient(o.credential, subscription, options(o.config, o.httpClient));
  client.pipeline.addPolicy(countingPolicy(o.counter), { afterPhase: 'Retry' });
  return client;
}

/**
 * Cost Management client WITHOUT the pipeline's throttling retry: core-rest-pipeline's `defaultRetryPolicy` waits
 * on `Retry-After` alone, but Cost Management's real wait is the largest of its
 * `x-ms-ratelimit-microsoft.costmanagement-{qpu,entity,tenant}-retry-after` headers, and the reader must bound it
 * (maxWaitSeconds) and say "throttled" rather than sleep in a Lambda. Server errors (5xx, 408) keep an exponential
 * retry, which never retries a 429 (exponentialRetryStrategy skips throttling responses).
 */
export function costManagementClient(o: ClientFactoryOptions): CostManagementClient {
  const client = new CostManagementClient(o.credential, options(o.config, o.httpClient));
  client.pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  client.pipeline.addPolicy(exponentialRetryPolicy({ maxRetries: 2 }), { phase: 'Retry' });
  client.pipeline.addPolicy(countingPolicy(o.counter), { afterPhase: 'Retry' });
  return client;
}
