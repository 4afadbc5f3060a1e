import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Simulator } from '../../../src/sim/index';

/** Real AWS SDK v3 clients pointed at the simulator, exactly as production code would build them. */
export function simClients(sim: Simulator, opts: { region?: string; maxAttempts?: number; requestTimeout?: number } = {}) {
  const config = {
    endpoint: sim.url,
    region: opts.region ?? 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: opts.maxAttempts ?? 1,
    // Current @smithy/node-http-handler only logs a warning on requestTimeout unless throwOnRequestTimeout is set.
    ...(opts.requestTimeout ? { requestHandler: { requestTimeout: opts.requestTimeout, throwOnRequestTimeout: true } } : {}),
  };
  return {
    sagemaker: new SageMakerClient(config),
    cloudwatch: new CloudWatchClient(config),
    costExplorer: new CostExplorerClient(config),
    tagging: new ResourceGroupsTaggingAPIClient(config),
    autoscaling: new ApplicationAutoScalingClient(config),
  };
}

/** A fixed clock start: Wednesday 2026-11-18 15:00 UTC. */
export const NOW = new Date('2026-11-18T15:00:00Z');

export const HOUR_MS = 3_600_000;
