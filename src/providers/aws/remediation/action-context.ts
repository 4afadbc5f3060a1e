import { defineCloudAction, type CloudAction, type RegisteredCloudAction } from '../../../remediation/cloud-action';
import type { RemediationStep } from '../../../remediation/run-steps';
import type { ResourceRef } from '../../../domain/cloud';
import type { AwsRemediationClients } from '../clients';
import { classifyAwsError, isNotFound, type AwsOperation, type AwsProviderError } from '../errors';
import { AwsRemediationError } from './remediation-error';

/** Everything one action needs to act on one resource. Built per park/restore/capture call. */
export interface ActionContext {
  ref: ResourceRef;
  /** The resource's ARN: ref.id, or built from the account when the ref carries none. */
  arn: string;
  /** The "which resource" of every message (the ARN). */
  label: string;
  clients: AwsRemediationClients;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  waitTimeoutMs: number;
  pollMs: number;
}

/** One idempotent step: safe to run again after it (or the run) crashed half-way. */
export type Step = RemediationStep;
/** One park action on AWS (src/remediation/cloud-action.ts). */
export type AwsAction<P extends Record<string, unknown>> = CloudAction<ActionContext, P>;
export type RegisteredAction = RegisteredCloudAction<ActionContext>;

export function defineAction<P extends Record<string, unknown>>(action: AwsAction<P>): RegisteredAction {
  return defineCloudAction(action, (ctx, message, cause) => new AwsRemediationError({ code: 'INVALID_PRIOR', resource: ctx.label, message, cause }));
}

/**
 * Runs one AWS call; a failure becomes an AwsRemediationError that names the resource and what we were doing,
 * keeping the classified error (vendor code, IAM advice) as its cause and message tail.
 */
export async function awsCall<T>(ctx: ActionContext, operation: AwsOperation, doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw remediationErrorFrom(ctx, operation, doing, err);
  }
}

export function remediationErrorFrom(ctx: ActionContext, operation: AwsOperation, doing: string, err: unknown): AwsRemediationError {
  if (err instanceof AwsRemediationError) return err;
  const classified = classifyAwsError(err, operation);
  return new AwsRemediationError({
    code: classified.code,
    resource: ctx.label,
    operation,
    message: `${doing} for ${ctx.label} failed: ${classified.message}`,
    cause: classified,
  });
}

/**
 * Like awsCall, but "it does not exist" is an answer (undefined), not a failure: the idempotency checks of every
 * step start with a describe that may legitimately find nothing.
 */
export async function awsDescribe<T>(ctx: ActionContext, operation: AwsOperation, doing: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    const e = remediationErrorFrom(ctx, operation, doing, err);
    if (isMissing(e)) return undefined;
    throw e;
  }
}

/**
 * Not-found across the calls we make: SageMaker answers most describes of a missing resource with a
 * ValidationException "Could not find ...", DescribeNotebookInstance with a bare "RecordNotFound", DescribeApp with
 * ResourceNotFound, and Application Auto Scaling with ObjectNotFoundException.
 */
export function isMissing(err: AwsRemediationError): boolean {
  const cause = err.cause as AwsProviderError | undefined;
  if (!cause || typeof cause !== 'object' || !('code' in cause)) return false;
  if (cause.code === 'ObjectNotFoundException') return true;
  if (isNotFound(cause)) return true;
  const inner = cause.cause as { message?: unknown } | undefined;
  return cause.code === 'ValidationException' && typeof inner?.message === 'string' && /RecordNotFound/.test(inner.message);
}

/** The error message of an AWS failure (the vendor's own words), for checks like "already exists". */
export function vendorMessage(err: AwsRemediationError): string {
  const inner = (err.cause as { cause?: { message?: unknown } } | undefined)?.cause;
  return typeof inner?.message === 'string' ? inner.message : '';
}
