import type { Cloud, ResourceRef, ResourceKind } from '../domain/cloud';
import type { ParkAction } from '../domain/finding';
import type { ActionSpec, CloudRemediator } from '../providers/types';
import { lookupAction } from './action-lookup';
import type { RegisteredCloudAction } from './cloud-action';
import { restoreDuration } from './restore-seconds';
import type { RemediationStep } from './run-steps';

/** What differs between the clouds' remediators; everything else (dispatch, step skipping, timing) is shared. */
export interface RegistryRemediatorParts<C> {
  cloud: Cloud;
  /** Name in "The <cloudName> remediator has no action ..." messages. */
  cloudName: string;
  actions: readonly ActionSpec[];
  registry: Readonly<Partial<Record<ParkAction, RegisteredCloudAction<C> & { kind: ResourceKind }>>>;
  /** The cloud's typed error for a plan it cannot run. */
  fail(ref: ResourceRef, code: 'UNSUPPORTED_ACTION' | 'WRONG_RESOURCE', message: string): Error;
  /** The per-call context (clients, ids, timeouts); throws the cloud's error for a ref it cannot act on. */
  contextFor(ref: ResourceRef): C;
  /** The cloud's step runner (the shared one, naming the failing step in the cloud's error). */
  runSteps(steps: readonly RemediationStep[], done: readonly string[], onStep: (step: string) => Promise<void>): Promise<string[]>;
  recentInvocations(ref: ResourceRef, since: Date): Promise<number | undefined>;
  tagResource(ctx: C, tags: Record<string, string>): Promise<void>;
  now: () => Date;
}

/**
 * A CloudRemediator over a registry of actions: looks the plan's action up (refused before any call when the cloud
 * has none or it is for another kind of resource), runs the park or restore steps the token does not record yet, and
 * measures the restore. Each cloud keeps its actions, context and errors; AWS, Google and Azure share this.
 */
export function registryRemediator<C>(p: RegistryRemediatorParts<C>): CloudRemediator {
  const actionFor = (action: ParkAction, ref: ResourceRef) => lookupAction(p.registry, action, ref, p.cloudName, (code, message) => p.fail(ref, code, message));
  return {
    cloud: p.cloud,
    actions: p.actions,
    // async so that dispatch errors reject like every other failure instead of throwing synchronously.
    capture: async (ref, action) => actionFor(action, ref).capture(p.contextFor(ref)),
    recentInvocations: (ref, since) => p.recentInvocations(ref, since),
    async park(token, onStep) {
      const action = actionFor(token.action, token.ref);
      await p.runSteps(action.parkSteps(p.contextFor(token.ref), token.prior), token.stepsDone, onStep);
    },
    async restore(token, onStep) {
      const action = actionFor(token.action, token.ref);
      const ctx = p.contextFor(token.ref);
      const startedAt = p.now();
      const ran = await p.runSteps(action.restoreSteps(ctx, token.prior), token.stepsDone, onStep);
      return restoreDuration(token, startedAt, p.now(), ran.length);
    },
    async tagResource(ref, tags) {
      await p.tagResource(p.contextFor(ref), tags);
    },
  };
}
