import { runSteps as runAnySteps } from '../../../remediation/run-steps';
import type { Step } from './action-context';
import { GcpRemediationError } from './remediation-error';

/** The shared step runner (src/remediation/run-steps.ts); a failing step's GcpRemediationError gets the step's name. */
export function runSteps(steps: readonly Step[], done: readonly string[], onStep: (step: string) => Promise<void>): Promise<string[]> {
  return runAnySteps(steps, done, onStep, (err, step) =>
    err instanceof GcpRemediationError && err.step === undefined
      ? new GcpRemediationError({
          code: err.code,
          resource: err.resource,
          step,
          ...(err.operation ? { operation: err.operation } : {}),
          ...(err.operationError ? { operationError: err.operationError } : {}),
          message: `Step "${step}": ${err.message}`,
          cause: err.cause ?? err,
        })
      : err,
  );
}
