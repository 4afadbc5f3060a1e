import type { TokenCredential } from '@azure/core-auth';
import type { WatchdogConfig } from '../config/schema';
import type { CostCache } from '../providers/aws/cost-cache';
import { createAzureReader, type AzureReader } from '../providers/azure/azure-reader';
import { createAzureRemediator } from '../providers/azure/remediation';
import type { CloudRemediator } from '../providers/types';

/**
 * The Azure side of the composition root, loaded on the first Azure call (deps.ts imports it dynamically) so a
 * function whose config has Azure off never evaluates the Azure SDKs. The credential (src/app/azure-auth.ts) is the
 * process's one, shared by the reader and the remediator.
 */
export function buildAzureReader(opts: {
  config: WatchdogConfig;
  credential: TokenCredential;
  now: () => Date;
  costCache?: CostCache;
}): AzureReader {
  return createAzureReader({
    config: opts.config,
    credential: opts.credential,
    now: opts.now,
    ...(opts.costCache ? { costCache: opts.costCache } : {}),
  });
}

export function buildAzureRemediator(opts: { config: WatchdogConfig; credential: TokenCredential; now: () => Date; sleep: (ms: number) => Promise<void> }): CloudRemediator {
  return createAzureRemediator({ config: opts.config, credential: opts.credential, now: opts.now, sleep: opts.sleep });
}
