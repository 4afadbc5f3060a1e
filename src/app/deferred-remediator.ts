import type { Cloud } from '../domain/cloud';
import type { ActionSpec, CloudRemediator } from '../providers/types';

/**
 * A remediator built on its first call (its module, and the cloud's SDKs, are evaluated then). `actions` is known
 * up front from the cloud's light action registry: the gate reads it before anything is changed.
 */
export function deferredRemediator(cloud: Cloud, actions: readonly ActionSpec[], make: () => Promise<CloudRemediator>): CloudRemediator {
  let pending: Promise<CloudRemediator> | undefined;
  const get = () =>
    (pending ??= make().catch((err: unknown) => {
      pending = undefined;
      throw err;
    }));
  return {
    cloud,
    actions,
    capture: async (ref, action) => (await get()).capture(ref, action),
    recentInvocations: async (ref, since) => (await get()).recentInvocations(ref, since),
    park: async (token, onStep) => (await get()).park(token, onStep),
    tagResource: async (ref, tags) => (await get()).tagResource(ref, tags),
    restore: async (token, onStep) => (await get()).restore(token, onStep),
  };
}
