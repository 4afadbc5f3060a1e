import { StateError } from './state-error';

/** A failed ConditionExpression is an answer (the write lost a race or its precondition), not a failure. */
export function isConditionFailure(err: unknown): boolean {
  return err instanceof Error && err.name === 'ConditionalCheckFailedException';
}

/** SDK failures become StateError with advice; our own StateErrors pass through. */
export function backendError(operation: string, tableName: string, err: unknown): Error {
  if (err instanceof StateError) return err;
  const name = err instanceof Error ? err.name : 'Error';
  const detail = err instanceof Error ? err.message : String(err);
  const advice =
    name === 'ResourceNotFoundException'
      ? ` Table ${tableName} does not exist in this account/region: deploy the stack or set state.tableName.`
      : name === 'AccessDeniedException'
        ? ` Grant the function's role dynamodb access to ${tableName}.`
        : '';
  return new StateError('STATE_BACKEND', `DynamoDB ${operation} on ${tableName} failed: ${name}: ${detail}.${advice}`, { cause: err });
}
