import type { Step } from './action-context';
import { GcpRemediationError } from './remediation-error';

/**
 * Runs the steps in order, skipping those already in `done`, and awaits `onStep(name)` after each one succeeds so
 * the ledger records progress before the next change. A failing step is tagged with its name; the steps before it
 * stay recorded, so the next run resumes there. Step names must be unique within one phase.
 */
export async function runSteps(steps: readonly Step[], done: readonly string[], onStep: (step: string) => Promise<void>): Promise<string[]> {
  const seen = new Set<string>();
  for (const s of steps) {
    // A duplicate name would make the second step look done after the first: a programming error, caught early.
    if (seen.has(s.name)) throw new Error(`duplicate remediation step name "${s.name}"`);
    seen.add(s.name);
  }
  const skip = new Set(done);
  const ran: string[] = [];
  for (const step of steps) {
    if (skip.has(step.name)) continue;
    try {
      await step.run();
    } catch (err) {
      if (err instanceof GcpRemediationError && err.step === undefined) {
        throw new GcpRemediationError({
          code: err.code,
          resource: err.resource,
          step: step.name,
          ...(err.operation ? { operation: err.operation } : {}),
          ...(err.operationError ? { operationError: err.operationError } : {}),
          message: `Step "${step.name}": ${err.message}`,
          cause: err.cause ?? err,
        });
      }
      throw err;
    }
    ran.push(step.name);
    await onStep(step.name);
  }
  return ran;
}
