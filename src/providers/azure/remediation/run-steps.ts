import { runSteps as runAnySteps } from '../../../remediation/run-steps';
import type { Step } from './action-context';
import { AzureRemediationError } from './remediation-error';

/** The shared step runner (src/remediation/run-steps.ts); a failing step's AzureRemediationError gets the step's name. */
export function runSteps(steps: readonly Step[], done: readonly string[], onStep: (step: string) => Promise<void>): Promise<string[]> {
  return runAnySteps(steps, done, onStep, (err, step) =>
    err instanceof AzureRemediationError && err.step === undefined
      ? new AzureRemediationError({
          code: err.code,
          resource: err.resource,
          step,
          ...(err.azureCode !== undefined ? { azureCode: err.azureCode } : {}),
          ...(err.statusCode !== undefined ? { statusCode: err.statusCode } : {}),
          ...(err.missingAction !== undefined ? { missingAction: err.missingAction } : {}),
          ...(err.scope !== undefined ? { scope: err.scope } : {}),
          message: `Step "${step}": ${err.message}`,
          cause: err.cause ?? err,
        })
      : err,
  );
}
