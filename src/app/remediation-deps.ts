import type { AwsCredentialIdentity } from '@smithy/types';
import { createAwsRemediationClients } from '../providers/aws/clients';
import { createAwsRemediator } from '../providers/aws/remediation/aws-remediator';
import type { CloudRemediator } from '../providers/types';
import { createLedger } from '../remediation/ledger';
import type { CoreDeps } from './deps';
import type { HandleDeps } from './handle-remediation';

export interface RemediationBuildOptions {
  credentials?: AwsCredentialIdentity;
  /** How the remediator waits between polls; the simulator's world advances its virtual clock instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
}

/** The remediation side of the composition root: remediators (write clients) and the ledger. */
export function buildRemediationDeps(core: CoreDeps, opts: RemediationBuildOptions = {}): HandleDeps {
  const aws = core.config.clouds.aws;
  const remediators = new Map<string, CloudRemediator>();
  if (aws.enabled) {
    const clientOpts = {
      ...(aws.endpointUrl ? { endpointUrl: aws.endpointUrl } : {}),
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
    };
    const clients = new Map<string, ReturnType<typeof createAwsRemediationClients>>();
    remediators.set(
      'aws',
      createAwsRemediator({
        clientsFor: (region) => {
          let c = clients.get(region);
          if (!c) clients.set(region, (c = createAwsRemediationClients({ ...clientOpts, region })));
          return c;
        },
        now: core.now,
        sleep: opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      }),
    );
  }
  return {
    config: core.config,
    store: core.store,
    ledger: createLedger(core.store, core.now),
    remediatorFor: (cloud) => remediators.get(cloud),
    now: core.now,
  };
}
