import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { SageMakerClient, type SageMakerClientConfig } from '@aws-sdk/client-sagemaker';

/** The regional clients one region's reads need. Injected into the reader so tests can pass their own. */
export interface AwsRegionClients {
  region: string;
  sagemaker: SageMakerClient;
  cloudwatch: CloudWatchClient;
  tagging: ResourceGroupsTaggingAPIClient;
}

export interface AwsClientOptions {
  region: string;
  /** Base URL that replaces every AWS endpoint (the local simulator). Unset for real AWS. */
  endpointUrl?: string;
  /** Static credentials or a provider; unset uses the SDK default chain (Lambda role, profile, env). */
  credentials?: SageMakerClientConfig['credentials'];
  /**
   * Attempts per call including the first. Small on purpose: a scheduled Lambda has a deadline, and a scan
   * that is throttled for long is better reported (status `throttled`) than retried until it times out.
   */
  maxAttempts?: number;
  /** Socket timeout per attempt. */
  requestTimeoutMs?: number;
  /** `adaptive` adds client-side rate limiting after throttles (good for Describe* bursts); default `standard`. */
  retryMode?: 'standard' | 'adaptive';
}

export const DEFAULT_MAX_ATTEMPTS = 4;
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
/** Cost Explorer's only commercial-partition endpoint is ce.us-east-1.amazonaws.com: always sign for us-east-1. */
export const COST_EXPLORER_REGION = 'us-east-1';

function commonConfig(opts: AwsClientOptions) {
  return {
    ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: opts.retryMode ?? 'standard',
    // Passing handler options (not an instance) keeps the SDK's own NodeHttpHandler and its keep-alive agent.
    requestHandler: {
      requestTimeout: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      // Without it the installed node-http-handler only logs a warning when requestTimeout passes and a hung call
      // is never cut off, so a stalled region could hold the scan until the Lambda times out.
      throwOnRequestTimeout: true,
      connectionTimeout: Math.min(opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, 5_000),
    },
  };
}

/** SageMaker, CloudWatch and Tagging clients for one region. */
export function createAwsClients(opts: AwsClientOptions): AwsRegionClients {
  const config = { ...commonConfig(opts), region: opts.region };
  return {
    region: opts.region,
    sagemaker: new SageMakerClient(config),
    cloudwatch: new CloudWatchClient(config),
    tagging: new ResourceGroupsTaggingAPIClient(config),
  };
}

/**
 * The regional clients the remediation function needs: SageMaker (park/restore), Application Auto Scaling
 * (scaling-target minimums) and CloudWatch (the traffic re-check right before acting). Kept apart from
 * AwsRegionClients so the read-only functions never build a client they have no IAM permission to use.
 */
export interface AwsRemediationClients {
  region: string;
  sagemaker: SageMakerClient;
  applicationAutoScaling: ApplicationAutoScalingClient;
  cloudwatch: CloudWatchClient;
}

/** Remediation clients for one region, with the same endpoint, credential, retry and timeout options as the reader's. */
export function createAwsRemediationClients(opts: AwsClientOptions): AwsRemediationClients {
  const config = { ...commonConfig(opts), region: opts.region };
  return {
    region: opts.region,
    sagemaker: new SageMakerClient(config),
    applicationAutoScaling: new ApplicationAutoScalingClient(config),
    cloudwatch: new CloudWatchClient(config),
  };
}

/** The Cost Explorer client, always in us-east-1 whatever region `opts` names (CE is a global service there). */
export function createCostExplorerClient(opts: Omit<AwsClientOptions, 'region'> & { region?: string }): CostExplorerClient {
  return new CostExplorerClient({ ...commonConfig({ ...opts, region: COST_EXPLORER_REGION }), region: COST_EXPLORER_REGION });
}

/** Memoises region clients so each region's sockets and credential cache are built once per process. */
export function regionClientCache(factory: (region: string) => AwsRegionClients): (region: string) => AwsRegionClients {
  const cache = new Map<string, AwsRegionClients>();
  return (region) => {
    let clients = cache.get(region);
    if (!clients) {
      clients = factory(region);
      cache.set(region, clients);
    }
    return clients;
  };
}
