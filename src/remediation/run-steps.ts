/** One idempotent step of a park or restore (a cloud's remediator builds the list). */
export interface RemediationStep {
  name: string;
  run(): Promise<void>;
}

/**
 * Runs the steps in order, skipping those already in `done`, and awaits `onStep(name)` after each one succeeds so
 * the ledger records progress before the next change. A failing step is passed to `tag` (the cloud's typed error
 * gets the step's name); the steps before it stay recorded, so the next run resumes there. Step names must be
 * unique within one phase. Shared by every cloud's remediator.
 */
export async function runSteps(
  steps: readonly RemediationStep[],
  done: readonly string[],
  onStep: (step: string) => Promise<void>,
  tag: (err: unknown, step: string) => unknown,
): Promise<string[]> {
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
      throw tag(err, step.name);
    }
    ran.push(step.name);
    await onStep(step.name);
  }
  return ran;
}
