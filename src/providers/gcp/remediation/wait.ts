import { pollUntil, type WaitSpec as SharedWaitSpec } from '../../../remediation/poll-until';
import type { GoogleOperation } from '../google-http';
import { googleCall, lastSegment, locationOf, type ActionContext } from './action-context';
import { GcpRemediationError, type GcpRemediationErrorCode, type OperationError } from './remediation-error';

export interface WaitSpec<T> extends SharedWaitSpec<T> {
  /** Defaults to WAIT_TIMEOUT. */
  timeoutCode?: GcpRemediationErrorCode;
}

/** The shared poll loop (src/remediation/poll-until.ts) with GcpRemediationError failures. */
export function waitFor<T>(ctx: ActionContext, spec: WaitSpec<T>): Promise<T | undefined> {
  return pollUntil(ctx, spec, (kind, message) =>
    new GcpRemediationError({ code: kind === 'failed' ? 'RESOURCE_FAILED' : (spec.timeoutCode ?? 'WAIT_TIMEOUT'), resource: ctx.label, message }),
  );
}

/** google.longrunning.Operation as REST JSON. */
export interface GoogleLro {
  name?: string;
  done?: boolean;
  error?: OperationError;
  response?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** Which API an operation belongs to, and the version its GET must use (a v1beta1 call's operation is read with v1beta1). */
export interface OperationApi {
  service: 'Vertex' | 'Notebooks';
  version: 'v1' | 'v1beta1' | 'v2';
}

/**
 * Awaits a long-running operation (AIP-151): polls `GET /{version}/{operation.name}` until `done`, then fails with
 * GCP_OPERATION_FAILED when it carries an `error` (google.rpc.Status), or GCP_OPERATION_TIMEOUT after
 * clouds.gcp.operationTimeoutMinutes. A timed-out operation keeps running on Google's side; the step that started it
 * checks the resource first when it runs again, so it never starts a second one for a change already made.
 */
export async function awaitOperation(ctx: ActionContext, api: OperationApi, op: GoogleLro, what: string): Promise<GoogleLro> {
  let last: GoogleLro | undefined = op;
  if (!op.done) {
    if (!op.name) {
      throw new GcpRemediationError({
        code: 'GCP_OPERATION_FAILED',
        resource: ctx.label,
        message: `${what} for ${ctx.label} returned an operation without a name, so its end cannot be awaited. Check the resource in the console and run again.`,
      });
    }
    const name = op.name;
    const operation: GoogleOperation = `${api.service}.GetOperation`;
    const location = locationOf(name);
    last = await waitFor(ctx, {
      what: `${what} (operation ${name})`,
      poll: () =>
        googleCall(ctx, operation, `Reading operation ${name}`, () =>
          ctx.http.request<GoogleLro>({ operation, path: `/${api.version}/${name}`, ...(api.service === 'Vertex' && location ? { location } : {}) }),
        ),
      done: (o) => o?.done === true,
      describe: () => 'the operation is not done yet',
      onTimeout: `It keeps running on Google's side: check it (${api.service === 'Vertex' ? `gcloud ai operations describe ${lastSegment(name)} --region=${location ?? '?'}` : `GET https://notebooks.googleapis.com/v2/${name}`}), then run the same command again; it resumes without starting the change twice. Raise clouds.gcp.operationTimeoutMinutes if this is normal for the resource.`,
      timeoutCode: 'GCP_OPERATION_TIMEOUT',
    });
  }
  if (last?.error) {
    const e = last.error;
    throw new GcpRemediationError({
      code: 'GCP_OPERATION_FAILED',
      resource: ctx.label,
      operationError: { ...(e.code !== undefined ? { code: e.code } : {}), ...(e.message !== undefined ? { message: e.message } : {}) },
      message: `${what} for ${ctx.label} failed on Google's side (operation ${op.name ?? 'unnamed'}, code ${e.code ?? '?'}): ${e.message ?? 'no message'}. Fix the cause (quota, machine availability, the model) and run the same command again; it resumes from this step.`,
    });
  }
  return last ?? op;
}
