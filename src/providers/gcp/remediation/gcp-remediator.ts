import type { ResourceKind, ResourceRef } from '../../../domain/cloud';
import type { WatchdogConfig } from '../../../config/schema';
import type { CloudRemediator } from '../../types';
import type { GoogleHttp } from '../google-http';
import type { ActionContext } from './action-context';
import { GCP_ACTION_REGISTRY, GCP_REMEDIATION_ACTIONS } from './action-registry';
import { recentInvocations } from './recent-invocations';
import { GcpRemediationError } from './remediation-error';
import { addResourceLabels } from './resource-labels';
import { registryRemediator } from '../../../remediation/registry-remediator';
import { runSteps } from './run-steps';

export interface GcpRemediatorDeps {
  /** The authenticated Google REST channel (one for the remediation identity; the reader has its own). */
  http: GoogleHttp;
  /** `config.clouds.gcp` (only scaleToZeroPreview and operationTimeoutMinutes are read). */
  config: Pick<WatchdogConfig['clouds']['gcp'], 'scaleToZeroPreview' | 'operationTimeoutMinutes'>;
  now: () => Date;
  /**
   * How to wait between polls. Production passes a real timer; tests and the demo pass one that advances the
   * simulator's virtual clock, so a 10-minute redeploy takes no wall time and restoreSeconds is virtual.
   */
  sleep: (ms: number) => Promise<void>;
  /** Time between operation and state polls. Default 15 s (deploys take minutes, undeploys about one). */
  pollMs?: number;
}

export const DEFAULT_GCP_POLL_MS = 15_000;

/** Full resource names per kind: the ref's id must be one (the reader sets it to the name the API returned). */
const NAME_PATTERN: Record<ResourceKind, RegExp | undefined> = {
  endpoint: /^projects\/[^/]+\/locations\/[^/]+\/endpoints\/[^/]+$/,
  notebook: /^projects\/[^/]+\/locations\/[^/]+\/instances\/[^/]+$/,
  'training-job': /^projects\/[^/]+\/locations\/[^/]+\/customJobs\/[^/]+$/,
  'studio-app': undefined,
  'cost-scope': undefined,
};

/**
 * The Google Cloud (Vertex AI, Workbench) remediator: parks and restores over REST through GoogleHttp. Each action
 * lives in its own file with its IAM permissions and valid origin states; this module only dispatches, builds the
 * per-call context and runs the steps (skipping those the token already records), exactly like the AWS one.
 */
export function createGcpRemediator(deps: GcpRemediatorDeps): CloudRemediator {
  const waitTimeoutMs = deps.config.operationTimeoutMinutes * 60_000;
  const pollMs = deps.pollMs ?? DEFAULT_GCP_POLL_MS;

  function contextFor(ref: ResourceRef): ActionContext {
    const label = ref.id || ref.name;
    if (ref.cloud !== 'gcp') {
      throw new GcpRemediationError({ code: 'WRONG_RESOURCE', resource: label, message: `${ref.name} is a ${ref.cloud} resource; the Google Cloud remediator cannot act on it.` });
    }
    const pattern = NAME_PATTERN[ref.kind];
    if (!pattern?.test(ref.id)) {
      throw new GcpRemediationError({
        code: 'WRONG_RESOURCE',
        resource: label,
        message: `${ref.name} (${ref.kind}) has no Google resource name the remediator can act on (got "${ref.id}"); nothing was done. Run a scan so the reference carries the full name (projects/.../locations/.../...).`,
      });
    }
    return { ref, name: ref.id, label, http: deps.http, now: deps.now, sleep: deps.sleep, waitTimeoutMs, pollMs, scaleToZeroPreview: deps.config.scaleToZeroPreview };
  }

  return registryRemediator({
    cloud: 'gcp',
    cloudName: 'Google Cloud',
    actions: GCP_REMEDIATION_ACTIONS,
    registry: GCP_ACTION_REGISTRY,
    fail: (ref, code, message) => new GcpRemediationError({ code, resource: ref.id || ref.name, message }),
    contextFor,
    runSteps,
    recentInvocations: async (ref, since) => (ref.kind === 'endpoint' ? recentInvocations(contextFor(ref), since) : undefined),
    tagResource: addResourceLabels,
    now: deps.now,
  });
}
