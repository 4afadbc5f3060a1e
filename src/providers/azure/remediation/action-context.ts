import type { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import type { MonitorClient } from '@azure/arm-monitor';
import { defineCloudAction, type CloudAction, type RegisteredCloudAction } from '../../../remediation/cloud-action';
import type { RemediationStep } from '../../../remediation/run-steps';
import type { ResourceRef } from '../../../domain/cloud';
import type { MlArmId } from './arm-id';
import { remediationErrorFrom } from './arm-errors';
import { AzureRemediationError } from './remediation-error';

/** Everything one action needs to act on one resource. Built per capture / park / restore / tag call. */
export interface ActionContext {
  ref: ResourceRef;
  /** The ARM id's parts (subscription = ref.account, resource group, workspace, resource name). */
  arm: MlArmId;
  /** The "which resource" of every message: the ARM id. */
  label: string;
  /** The Machine Learning client of the resource's subscription. */
  ml: AzureMachineLearningWorkspaces;
  /** The Azure Monitor client of the resource's subscription (built on first use). */
  monitor: () => MonitorClient;
  /** ARM base URL (clouds.azure.armEndpoint), for raw calls through the ML client's pipeline. */
  armEndpoint: string;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** clouds.azure.operationTimeoutMinutes, for long-running operations and state waits alike. */
  waitTimeoutMs: number;
  pollMs: number;
}

export type Step = RemediationStep;
export type AzureAction<P extends Record<string, unknown>> = CloudAction<ActionContext, P>;
export type RegisteredAction = RegisteredCloudAction<ActionContext>;

export function defineAction<P extends Record<string, unknown>>(action: AzureAction<P>): RegisteredAction {
  return defineCloudAction(action, (ctx, message, cause) => new AzureRemediationError({ code: 'INVALID_PRIOR', resource: ctx.label, message, cause }));
}

/** Runs one ARM call; a failure becomes an AzureRemediationError naming the resource and what we were doing. */
export async function armCall<T>(ctx: ActionContext, doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw remediationErrorFrom(ctx.label, doing, err);
  }
}

/** Like armCall, but 404 is an answer (undefined): every step's idempotency check starts with a GET that may find nothing. */
export async function armGet<T>(ctx: ActionContext, doing: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    const e = remediationErrorFrom(ctx.label, doing, err);
    if (e.code === 'RESOURCE_NOT_FOUND') return undefined;
    throw e;
  }
}

/** A valid Date from an SDK field (the SDK deserializes date-times to Date; a string is parsed). */
export function dateOf(v: Date | string | undefined): Date | undefined {
  if (v === undefined) return undefined;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
