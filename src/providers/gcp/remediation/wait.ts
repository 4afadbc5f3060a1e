import type { GoogleOperation } from '../google-http';
import { googleCall, lastSegment, locationOf, type ActionContext } from './action-context';
import { GcpRemediationError, type GcpRemediationErrorCode, type OperationError } from './remediation-error';

export interface WaitSpec<T> {
  /** What we wait for, in words: "deployed model 123 to serve". */
  what: string;
  /** Reads the current state; undefined means "not there (yet)". */
  poll: () => Promise<T | undefined>;
  done: (state: T | undefined) => boolean;
  /** A reason when the state can never become done (deleted, failed): stops the wait at once. */
  failed?: (state: T | undefined) => string | undefined;
  /** Describes the last state for the timeout message ("it is still STOPPING"). */
  describe: (state: T | undefined) => string;
  /** What a person should do when the wait times out. */
  onTimeout: string;
  /** Defaults to WAIT_TIMEOUT. */
  timeoutCode?: GcpRemediationErrorCode;
}

/**
 * Polls every `pollMs` with the injected `sleep` until `done`, a failure, or `waitTimeoutMs` of the injected clock.
 * The clock may be virtual (the simulator's), so elapsed time is measured with `now()`; the poll count is capped
 * too, so a `sleep` that does not move `now()` still ends after timeout / poll attempts instead of spinning.
 */
export async function waitFor<T>(ctx: ActionContext, spec: WaitSpec<T>): Promise<T | undefined> {
  const startMs = ctx.now().getTime();
  const maxPolls = Math.max(1, Math.ceil(ctx.waitTimeoutMs / Math.max(1, ctx.pollMs))) + 1;
  let state: T | undefined;
  for (let polls = 1; ; polls++) {
    state = await spec.poll();
    if (spec.done(state)) return state;
    const reason = spec.failed?.(state);
    if (reason !== undefined) {
      throw new GcpRemediationError({ code: 'RESOURCE_FAILED', resource: ctx.label, message: `Waiting for ${spec.what} failed: ${reason}` });
    }
    const elapsedMs = ctx.now().getTime() - startMs;
    if (elapsedMs >= ctx.waitTimeoutMs || polls >= maxPolls) break;
    await ctx.sleep(Math.min(ctx.pollMs, Math.max(1, ctx.waitTimeoutMs - elapsedMs)));
  }
  const minutes = Math.round(ctx.waitTimeoutMs / 60_000);
  throw new GcpRemediationError({
    code: spec.timeoutCode ?? 'WAIT_TIMEOUT',
    resource: ctx.label,
    message: `Gave up waiting for ${spec.what} after ${minutes} min (${spec.describe(state)}). ${spec.onTimeout}`,
  });
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
