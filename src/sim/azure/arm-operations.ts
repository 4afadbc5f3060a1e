import { armPath } from './ml-lookup';
import type { ArmRouteDef } from './arm-route';
import { ARM_ORIGIN, ArmReply, armTime, notFound } from './arm-wire';
import type { SimArmOperation, SimAzureState } from './azure-model';
import { guidFrom } from './azure-state';

/**
 * Azure Machine Learning long-running operations, per the ARM async rules: a write answers 201/202 with an
 * `Azure-AsyncOperation` header (.../locations/{loc}/mfeOperationsStatus/{id}) whose GET says
 * {status: InProgress|Succeeded|Failed|Canceled, startTime, endTime?, error?}, and (DELETE, POST) a `Location`
 * header (.../mfeOperationResults/{id}) answering 202 while running and 200 once done. The outcome is fixed when
 * the operation starts (its doneMs on the virtual clock), so status is a pure function of the clock.
 *
 * No Retry-After on these answers ⚠️ (Azure sends one): @azure/core-lro would wait that long in REAL time between
 * polls, which would make simulator runs slow; clients use their own interval.
 */
export const ML_API_VERSION = '2022-10-01';

export function startOperation(az: SimAzureState, where: { subscriptionId: string; location: string }, nowMs: number, doneMs: number, outcome: Pick<SimArmOperation, 'final' | 'error'> = { final: 'Succeeded' }): SimArmOperation {
  const id = guidFrom(`operation/${az.operationSeq++}`);
  const op: SimArmOperation = { id, subscriptionId: where.subscriptionId, location: where.location, startMs: nowMs, doneMs: Math.max(nowMs, doneMs), ...outcome };
  az.operations.set(id, op);
  return op;
}

const opBase = (op: SimArmOperation) => `${ARM_ORIGIN}/subscriptions/${op.subscriptionId}/providers/Microsoft.MachineLearningServices/locations/${op.location}`;
export const operationStatusUrl = (op: SimArmOperation) => `${opBase(op)}/mfeOperationsStatus/${op.id}?api-version=${ML_API_VERSION}`;
export const operationResultUrl = (op: SimArmOperation) => `${opBase(op)}/mfeOperationResults/${op.id}?api-version=${ML_API_VERSION}`;

/** Headers of an accepted asynchronous write; `withLocation` adds the result URL (DELETE and POST actions). */
export function asyncHeaders(op: SimArmOperation, withLocation = false): Record<string, string> {
  return { 'azure-asyncoperation': operationStatusUrl(op), ...(withLocation ? { location: operationResultUrl(op) } : {}) };
}

export function operationStatus(op: SimArmOperation, nowMs: number): Record<string, unknown> {
  const done = nowMs >= op.doneMs;
  return {
    id: `/subscriptions/${op.subscriptionId}/providers/Microsoft.MachineLearningServices/locations/${op.location}/mfeOperationsStatus/${op.id}`,
    name: op.id,
    status: done ? op.final : 'InProgress',
    startTime: armTime(op.startMs),
    ...(done ? { endTime: armTime(op.doneMs), percentComplete: 100 } : {}),
    ...(done && op.error ? { error: { ...op.error } } : {}),
  };
}

const LOC = '/subscriptions/([^/]+)/providers/Microsoft\\.MachineLearningServices/locations/([^/]+)';

function operationOf(az: SimAzureState | undefined, sub: string, id: string): SimArmOperation {
  const op = az?.operations.get(id.toLowerCase()) ?? az?.operations.get(id);
  if (!op || op.subscriptionId !== sub.toLowerCase()) throw notFound(`The operation '${id}' could not be found.`, 'NotFound');
  return op;
}

export const OPERATION_ROUTES: readonly ArmRouteDef[] = [
  {
    method: 'GET',
    path: armPath(`${LOC}/mfeOperationsStatus/([^/]+)`),
    operation: 'MachineLearning.OperationStatus_Get',
    action: 'Microsoft.MachineLearningServices/locations/mfeOperationsStatus/read',
    handle: ({ params, state, nowMs }) => operationStatus(operationOf(state.azure, params[0]!, params[2]!), nowMs),
  },
  {
    method: 'GET',
    path: armPath(`${LOC}/mfeOperationResults/([^/]+)`),
    operation: 'MachineLearning.OperationStatus_Get',
    action: 'Microsoft.MachineLearningServices/locations/mfeOperationResults/read',
    handle: ({ params, state, nowMs }) => {
      const op = operationOf(state.azure, params[0]!, params[2]!);
      if (nowMs < op.doneMs) return new ArmReply(202, undefined, { location: operationResultUrl(op) });
      return new ArmReply(200, {});
    },
  },
];
