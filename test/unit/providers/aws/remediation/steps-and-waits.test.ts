import { describe, expect, it } from 'vitest';
import type { ActionContext } from '../../../../../src/providers/aws/remediation/action-context';
import { AwsRemediationError } from '../../../../../src/providers/aws/remediation/remediation-error';
import { runSteps } from '../../../../../src/providers/aws/remediation/run-steps';
import { waitFor } from '../../../../../src/providers/aws/remediation/wait';
import { awsRef, virtualClock } from './support';

describe('runSteps', () => {
  it('runs steps in order, skips recorded ones, and records each only after it succeeded', async () => {
    const events: string[] = [];
    const step = (name: string) => ({ name, run: async () => void events.push(`run ${name}`) });
    const ran = await runSteps([step('a'), step('b'), step('c')], ['b'], async (s) => void events.push(`record ${s}`));
    expect(ran).toEqual(['a', 'c']);
    expect(events).toEqual(['run a', 'record a', 'run c', 'record c']);
  });

  it('stops at a failing step, names it in the error, and records nothing for it', async () => {
    const recorded: string[] = [];
    const boom = new AwsRemediationError({ code: 'ThrottlingException', resource: 'arn:x', message: 'Deleting endpoint x failed' });
    const err = await runSteps(
      [
        { name: 'one', run: async () => undefined },
        { name: 'two', run: () => Promise.reject(boom) },
        { name: 'three', run: async () => undefined },
      ],
      [],
      async (s) => void recorded.push(s),
    ).catch((e: unknown) => e);
    expect(recorded).toEqual(['one']);
    expect(err).toMatchObject({ code: 'ThrottlingException', step: 'two', resource: 'arn:x', message: 'Step "two": Deleting endpoint x failed' });
  });

  it('rejects duplicate step names, which would make one step look done after the other', async () => {
    const s = { name: 'same', run: async () => undefined };
    await expect(runSteps([s, s], [], async () => undefined)).rejects.toThrow(/duplicate remediation step name "same"/);
  });
});

function ctx(over: Partial<ActionContext> = {}): ActionContext {
  const clock = virtualClock();
  const ref = awsRef('endpoint', 'e');
  return { ref, arn: ref.id, label: ref.id, clients: {} as ActionContext['clients'], now: clock.now, sleep: clock.sleep, waitTimeoutMs: 600_000, pollMs: 60_000, ...over };
}

describe('waitFor', () => {
  it('polls every pollMs on the injected clock until done', async () => {
    let n = 0;
    const c = ctx();
    const start = c.now().getTime();
    const state = await waitFor(c, { what: 'x', poll: async () => ++n, done: (v) => v === 4, describe: String, onTimeout: '' });
    expect(state).toBe(4);
    expect(c.now().getTime() - start).toBe(3 * 60_000);
  });

  it('stops at once on a failure state', async () => {
    await expect(waitFor(ctx(), { what: 'endpoint e to be InService', poll: async () => 'Failed', done: () => false, failed: (s) => (s === 'Failed' ? 'it is Failed' : undefined), describe: String, onTimeout: '' })).rejects.toMatchObject({
      code: 'RESOURCE_FAILED',
      message: 'Waiting for endpoint e to be InService failed: it is Failed',
    });
  });

  it('times out on the injected clock with the last state and what to do', async () => {
    await expect(waitFor(ctx(), { what: 'endpoint e to be InService', poll: async () => 'Creating', done: () => false, describe: (s) => `it is ${s}`, onTimeout: 'Run it again.' })).rejects.toMatchObject({
      code: 'WAIT_TIMEOUT',
      message: 'Gave up waiting for endpoint e to be InService after 10 min (it is Creating). Run it again.',
    });
  });

  it('ends even when sleep does not move the clock', async () => {
    let polls = 0;
    const frozen = ctx({ now: () => new Date(0), sleep: async () => undefined });
    await expect(waitFor(frozen, { what: 'x', poll: async () => ++polls, done: () => false, describe: String, onTimeout: '' })).rejects.toMatchObject({ code: 'WAIT_TIMEOUT' });
    expect(polls).toBe(11);
  });
});
