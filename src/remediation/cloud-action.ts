import type { z } from 'zod';
import type { ResourceKind } from '../domain/cloud';
import type { ActionSpec } from '../providers/types';
import type { RemediationStep } from './run-steps';

/**
 * One park action of a cloud's remediator, over that cloud's action context `C`. `P` is the shape of the token's
 * `prior`: JSON-safe (the ledger stores it as JSON) and parsed back with `priorSchema` before park or restore, so a
 * damaged token fails with a clear error, not half-way.
 */
export interface CloudAction<C, P extends Record<string, unknown>> {
  spec: ActionSpec;
  kind: ResourceKind;
  priorSchema: z.ZodType<P>;
  capture(ctx: C): Promise<{ prior: P; providerStatus: string; createdAt?: Date }>;
  parkSteps(ctx: C, prior: P): RemediationStep[];
  restoreSteps(ctx: C, prior: P): RemediationStep[];
}

/** An action with its prior type erased, for the registry: steps take the raw token prior and parse it first. */
export interface RegisteredCloudAction<C> {
  spec: ActionSpec;
  kind: ResourceKind;
  capture(ctx: C): Promise<{ prior: Record<string, unknown>; providerStatus: string; createdAt?: Date }>;
  parkSteps(ctx: C, prior: Record<string, unknown>): RemediationStep[];
  restoreSteps(ctx: C, prior: Record<string, unknown>): RemediationStep[];
}

/**
 * Registers an action. A prior that does not parse becomes the cloud's own INVALID_PRIOR error (`invalidPrior`),
 * whose message says what is wrong and what to do. Shared by every cloud's remediator.
 */
export function defineCloudAction<C extends { label: string }, P extends Record<string, unknown>>(
  action: CloudAction<C, P>,
  invalidPrior: (ctx: C, message: string, cause: unknown) => Error,
): RegisteredCloudAction<C> {
  const parse = (ctx: C, raw: Record<string, unknown>): P => {
    const parsed = action.priorSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw invalidPrior(
      ctx,
      `The restore token for ${ctx.label} does not hold a valid ${action.spec.action} snapshot (${problems}). It was edited or written by an incompatible version; compare it with the resource and act by hand.`,
      parsed.error,
    );
  };
  return {
    spec: action.spec,
    kind: action.kind,
    capture: (ctx) => action.capture(ctx),
    parkSteps: (ctx, raw) => action.parkSteps(ctx, parse(ctx, raw)),
    restoreSteps: (ctx, raw) => action.restoreSteps(ctx, parse(ctx, raw)),
  };
}
