import type { ResourceRef } from '../../../src/domain/cloud';
import type { RestoreToken } from '../../../src/domain/remediation';
import type { CloudRemediator } from '../../../src/providers/types';
import { deleteSpec } from './plan-fixtures';

/**
 * An in-memory cloud: one endpoint that is InService or gone. Records every call, can crash once at a chosen step,
 * and checks that the restore token was in the ledger before any change (via `tokenExists`).
 */
export function fakeRemediator(opts: { tokenExists?: (tokenId: string) => Promise<boolean>; invocations?: number } = {}) {
  const state = { status: 'InService' as 'InService' | 'Deleted', calls: [] as string[], crashAt: undefined as string | undefined, tags: {} as Record<string, string>, writesBeforeToken: 0 };
  const step = async (token: RestoreToken, name: string, onStep: (s: string) => Promise<void>, effect: () => void) => {
    if (token.stepsDone.includes(name)) return;
    if (opts.tokenExists && !(await opts.tokenExists(token.tokenId))) state.writesBeforeToken++;
    if (state.crashAt === name) {
      state.crashAt = undefined;
      throw new Error(`injected crash at ${name}`);
    }
    state.calls.push(name);
    effect();
    await onStep(name);
  };
  const remediator: CloudRemediator = {
    cloud: 'aws',
    actions: [deleteSpec],
    async capture(_ref: ResourceRef) {
      return { prior: { endpointConfigName: 'cfg-1', tags: { owner: 'team-nlp' } }, providerStatus: state.status };
    },
    async recentInvocations() {
      return opts.invocations ?? 0;
    },
    async tagResource(_ref, tags) {
      Object.assign(state.tags, tags);
    },
    async park(token, onStep) {
      await step(token, 'delete-endpoint', onStep, () => (state.status = 'Deleted'));
    },
    async restore(token, onStep) {
      await step(token, 'create-endpoint', onStep, () => undefined);
      await step(token, 'wait-in-service', onStep, () => (state.status = 'InService'));
      return { restoreSeconds: 360 };
    },
  };
  return { remediator, state };
}
