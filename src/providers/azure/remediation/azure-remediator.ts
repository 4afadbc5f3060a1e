import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { MonitorClient } from '@azure/arm-monitor';
import type { TokenCredential } from '@azure/core-auth';
import type { ResourceRef } from '../../../domain/cloud';
import type { WatchdogConfig } from '../../../config/schema';
import { registryRemediator } from '../../../remediation/registry-remediator';
import type { CloudRemediator } from '../../types';
import { armClientOptions } from '../arm-options';
import type { ActionContext } from './action-context';
import { AZURE_ACTION_REGISTRY, AZURE_REMEDIATION_ACTIONS } from './action-registry';
import { parseMlArmId } from './arm-id';
import { recentInvocations } from './recent-invocations';
import { AzureRemediationError } from './remediation-error';
import { addResourceTags } from './resource-tags';
import { runSteps } from './run-steps';

type AzureConfig = WatchdogConfig['clouds']['azure'];

export interface AzureRemediatorDeps {
  /** `config.clouds.azure` or the whole config (armEndpoint, endpointUrl and operationTimeoutMinutes are read). */
  config: AzureConfig | WatchdogConfig;
  /** The remediation identity's credential (the reader has its own); staticTokenCredential() against the simulator. */
  credential: TokenCredential;
  now: () => Date;
  /**
   * How to wait between polls. Production passes a real timer; tests and the demo pass one that advances the
   * simulator's virtual clock, so a 10-minute deployment takes no wall time and restoreSeconds is virtual.
   */
  sleep: (ms: number) => Promise<void>;
  /** Time between operation and state polls. Default 15 s (deployments take minutes, deletes about one). */
  pollMs?: number;
}

export const DEFAULT_AZURE_POLL_MS = 15_000;

const azureConfigOf = (c: AzureConfig | WatchdogConfig): AzureConfig => ('clouds' in c ? c.clouds.azure : c);

/**
 * The Azure Machine Learning remediator: parks and restores with the real SDK clients (AzureMachineLearningWorkspaces,
 * MonitorClient; one per subscription = ref.account) built with armClientOptions, so the simulator is only a
 * different endpointUrl. Each action lives in its own file with its RBAC actions and valid origin states; this module
 * dispatches, builds the per-call context and runs the steps (skipping those the token records), like AWS and GCP.
 */
export function createAzureRemediator(deps: AzureRemediatorDeps): CloudRemediator {
  const cfg = azureConfigOf(deps.config);
  const options = armClientOptions(cfg);
  const waitTimeoutMs = cfg.operationTimeoutMinutes * 60_000;
  const pollMs = deps.pollMs ?? DEFAULT_AZURE_POLL_MS;
  const mlClients = new Map<string, AzureMachineLearningWorkspaces>();
  const monitorClients = new Map<string, MonitorClient>();

  const mlFor = (subscription: string) => {
    let c = mlClients.get(subscription);
    if (!c) mlClients.set(subscription, (c = new AzureMachineLearningWorkspaces(deps.credential, subscription, options)));
    return c;
  };
  const monitorFor = (subscription: string) => {
    let c = monitorClients.get(subscription);
    if (!c) monitorClients.set(subscription, (c = new MonitorClient(deps.credential, subscription, options)));
    return c;
  };

  function contextFor(ref: ResourceRef): ActionContext {
    const label = ref.id || ref.name;
    if (ref.cloud !== 'azure') {
      throw new AzureRemediationError({ code: 'WRONG_RESOURCE', resource: label, message: `${ref.name} is a ${ref.cloud} resource; the Azure remediator cannot act on it.` });
    }
    const arm = parseMlArmId(ref.kind, ref.id);
    if (!arm) {
      throw new AzureRemediationError({
        code: 'WRONG_RESOURCE',
        resource: label,
        message: `${ref.name} (${ref.kind}) has no Azure ML ARM id the remediator can act on (got "${ref.id}"); nothing was done. Run a scan so the reference carries the full id (/subscriptions/…/workspaces/…/…).`,
      });
    }
    return { ref, arm, label: ref.id, ml: mlFor(arm.subscription), monitor: () => monitorFor(arm.subscription), armEndpoint: options.endpoint, now: deps.now, sleep: deps.sleep, waitTimeoutMs, pollMs };
  }

  return registryRemediator({
    cloud: 'azure',
    cloudName: 'Azure',
    actions: AZURE_REMEDIATION_ACTIONS,
    registry: AZURE_ACTION_REGISTRY,
    fail: (ref, code, message) => new AzureRemediationError({ code, resource: ref.id || ref.name, message }),
    contextFor,
    runSteps,
    recentInvocations: async (ref, since) => (ref.kind === 'endpoint' ? recentInvocations(contextFor(ref), since) : undefined),
    tagResource: addResourceTags,
    now: deps.now,
  });
}
