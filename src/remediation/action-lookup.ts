import type { ResourceRef, ResourceKind } from '../domain/cloud';
import type { ParkAction } from '../domain/finding';

/**
 * The registered action for a plan, refused before any call when the cloud has no such action or the plan names
 * an action for another kind of resource. Failures are made by the cloud (`fail`), so they carry its typed error.
 * Shared by every cloud's remediator.
 */
export function lookupAction<A extends { kind: ResourceKind }>(
  registry: Readonly<Partial<Record<ParkAction, A>>>,
  action: ParkAction,
  ref: ResourceRef,
  cloudName: string,
  fail: (code: 'UNSUPPORTED_ACTION' | 'WRONG_RESOURCE', message: string) => Error,
): A {
  const a = Object.hasOwn(registry, action) ? registry[action] : undefined;
  if (!a) throw fail('UNSUPPORTED_ACTION', `The ${cloudName} remediator has no action "${action}"; nothing was done to ${ref.name}.`);
  if (a.kind !== ref.kind) {
    throw fail('WRONG_RESOURCE', `${action} works on ${a.kind} resources, but ${ref.name} is a ${ref.kind}; nothing was done. The plan names the wrong action for it.`);
  }
  return a;
}
