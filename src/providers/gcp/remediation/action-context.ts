import { defineCloudAction, type CloudAction, type RegisteredCloudAction } from '../../../remediation/cloud-action';
import type { RemediationStep } from '../../../remediation/run-steps';
import type { ResourceRef } from '../../../domain/cloud';
import { classifyGoogleError, googleAdvice, GoogleApiError } from '../google-errors';
import type { GoogleHttp, GoogleOperation } from '../google-http';
import { GcpRemediationError } from './remediation-error';

/** Everything one action needs to act on one resource. Built per park/restore/capture call. */
export interface ActionContext {
  ref: ResourceRef;
  /** The full resource name (ref.id): `projects/123/locations/us-central1/endpoints/456`. */
  name: string;
  /** The "which resource" of every message (the full resource name). */
  label: string;
  http: GoogleHttp;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** clouds.gcp.operationTimeoutMinutes, for long-running operations and state waits alike. */
  waitTimeoutMs: number;
  pollMs: number;
  /** clouds.gcp.scaleToZeroPreview: min-replicas-zero parks only when it is on. */
  scaleToZeroPreview: boolean;
}

/** One idempotent step: safe to run again after it (or the run) crashed half-way. */
export type Step = RemediationStep;
/** One park action on Google Cloud (src/remediation/cloud-action.ts). */
export type GcpAction<P extends Record<string, unknown>> = CloudAction<ActionContext, P>;
export type RegisteredAction = RegisteredCloudAction<ActionContext>;

export function defineAction<P extends Record<string, unknown>>(action: GcpAction<P>): RegisteredAction {
  return defineCloudAction(action, (ctx, message, cause) => new GcpRemediationError({ code: 'INVALID_PRIOR', resource: ctx.label, message, cause }));
}

/** `projects/{p}/locations/{l}/...` -> `l` (Vertex AI picks its regional host from it). */
export function locationOf(name: string): string | undefined {
  return /^projects\/[^/]+\/locations\/([^/]+)\//.exec(name)?.[1];
}

/** The last segment of a resource name: the endpoint id, the instance id. */
export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/**
 * Runs one Google call; a failure becomes a GcpRemediationError that names the resource and what we were doing,
 * keeping the classified GoogleApiError (status word, IAM permission) as its cause and its advice as the message tail.
 */
export async function googleCall<T>(ctx: ActionContext, operation: GoogleOperation, doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw remediationErrorFrom(ctx, operation, doing, err);
  }
}

export function remediationErrorFrom(ctx: ActionContext, operation: GoogleOperation, doing: string, err: unknown): GcpRemediationError {
  if (err instanceof GcpRemediationError) return err;
  const classified = classifyGoogleError(err, operation);
  return new GcpRemediationError({
    code: classified.code,
    resource: ctx.label,
    operation,
    message: `${doing} for ${ctx.label} failed: ${classified.message}. ${googleAdvice(classified)}`,
    cause: classified,
  });
}

/** The Google status word behind a remediation error (NOT_FOUND, FAILED_PRECONDITION ...), if it came from a call. */
export function googleCode(err: unknown): string | undefined {
  const cause = err instanceof GcpRemediationError ? err.cause : err;
  return cause instanceof GoogleApiError ? cause.code : undefined;
}

/**
 * Like googleCall, but "it does not exist" is an answer (undefined), not a failure: the idempotency checks of every
 * step start with a GET that may legitimately find nothing.
 */
export async function googleGet<T>(ctx: ActionContext, operation: GoogleOperation, doing: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    const e = remediationErrorFrom(ctx, operation, doing, err);
    if (googleCode(e) === 'NOT_FOUND') return undefined;
    throw e;
  }
}
