import { runSteps as runAnySteps } from '../../../remediation/run-steps';
import type { Step } from './action-context';
import { AwsRemediationError } from './remediation-error';

/** The shared step runner (src/remediation/run-steps.ts); a failing step's AwsRemediationError gets the step's name. */
export function runSteps(steps: readonly Step[], done: readonly string[], onStep: (step: string) => Promise<void>): Promise<string[]> {
  return runAnySteps(steps, done, onStep, (err, step) =>
    err instanceof AwsRemediationError && err.step === undefined
      ? new AwsRemediationError({
          code: err.code,
          resource: err.resource,
          step,
          ...(err.operation ? { operation: err.operation } : {}),
          message: `Step "${step}": ${err.message}`,
          cause: err.cause ?? err,
        })
      : err,
  );
}
