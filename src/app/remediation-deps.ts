import type { AwsCredentialIdentity } from '@smithy/types';
import type { AuthClient } from 'google-auth-library';
import { createAwsRemediationClients } from '../providers/aws/clients';
import { createAwsRemediator } from '../providers/aws/remediation/aws-remediator';
import type { CloudRemediator } from '../providers/types';
import { createLedger } from '../remediation/ledger';
import type { CoreDeps } from './deps';
import { buildGcpRemediator, googleAccess } from './gcp-deps';
import { AZURE_REMEDIATION_ACTIONS } from '../providers/azure/remediation/action-registry';
import { deferredRemediator } from './deferred-remediator';
import type { HandleDeps } from './handle-remediation';

export interface RemediationBuildOptions {
  credentials?: AwsCredentialIdentity;
  /** How the remediator waits between polls; the simulator's world advances its virtual clock instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  /** Google credentials; default: the core's (one source per process). */
  googleAuth?: AuthClient;
}

/** The remediation side of the composition root: remediators (write clients) and the ledger. */
export function buildRemediationDeps(core: CoreDeps, opts: RemediationBuildOptions = {}): HandleDeps {
  const aws = core.config.clouds.aws;
  const remediators = new Map<string, CloudRemediator>();
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
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
        sleep,
      }),
    );
  }
  if (core.config.clouds.azure.enabled) {
    const credential = core.azureCredential;
    remediators.set(
      'azure',
      deferredRemediator('azure', AZURE_REMEDIATION_ACTIONS, async () => {
        const { buildAzureRemediator } = await import('./azure-deps');
        return buildAzureRemediator({ config: core.config, credential, now: core.now, sleep });
      }),
    );
  }
  if (core.config.clouds.gcp.enabled) {
    const access = googleAccess(core.config, opts.googleAuth ?? core.googleAuth);
    remediators.set('gcp', buildGcpRemediator({ config: core.config, access, now: core.now, sleep }));
  }
  return {
    config: core.config,
    store: core.store,
    ledger: createLedger(core.store, core.now),
    remediatorFor: (cloud) => remediators.get(cloud),
    now: core.now,
  };
}
