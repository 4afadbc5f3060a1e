import {
  DescribeNotebookInstanceCommand,
  StartNotebookInstanceCommand,
  StopNotebookInstanceCommand,
  type NotebookInstanceStatus,
} from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, it } from 'vitest';
import { stopNotebookSpec } from '../../../../../src/providers/aws/remediation/actions/stop-notebook';
import { awsError, awsRef, expectDeclared, remediator, resetMocks, sm, stepLog, token, virtualClock, writeCalls } from './support';

const ref = awsRef('notebook', 'ds-priya-llm-exploration');

/** A notebook instance whose status moves on after a stop/start, as SageMaker's does (Stopping -> Stopped). */
function fakeNotebook(initial: NotebookInstanceStatus) {
  const nb = { status: initial, polls: 0 };
  sm.on(DescribeNotebookInstanceCommand).callsFake(() => {
    nb.polls += 1;
    if (nb.status === 'Stopping' && nb.polls > 1) nb.status = 'Stopped';
    if (nb.status === 'Pending' && nb.polls > 2) nb.status = 'InService';
    return { NotebookInstanceName: ref.name, NotebookInstanceStatus: nb.status, InstanceType: 'ml.g5.xlarge' };
  });
  sm.on(StopNotebookInstanceCommand).callsFake(() => {
    nb.status = 'Stopping';
    nb.polls = 0;
    return {};
  });
  sm.on(StartNotebookInstanceCommand).callsFake(() => {
    nb.status = 'Pending';
    nb.polls = 0;
    return {};
  });
  return nb;
}

beforeEach(resetMocks);

describe('stop-notebook', () => {
  it('captures the instance and its status, stops it, then starts it and waits until InService', async () => {
    const nb = fakeNotebook('InService');
    const clock = virtualClock();
    const r = remediator(clock);
    const { prior, providerStatus } = await r.capture(ref, 'stop-notebook');
    expect(providerStatus).toBe('InService');
    expect(prior).toEqual({ notebookInstanceName: ref.name, instanceType: 'ml.g5.xlarge' });

    const park = stepLog();
    await r.park(token(ref, 'stop-notebook', prior), park.onStep);
    expect(park.steps).toEqual(['stop-notebook-instance']);
    expect(nb.status).toBe('Stopping');

    const restore = stepLog();
    const { restoreSeconds } = await r.restore(token(ref, 'stop-notebook', prior), restore.onStep);
    expect(restore.steps).toEqual(['start-notebook-instance', 'wait-notebook-in-service']);
    expect(nb.status).toBe('InService');
    // Stopping -> Stopped showed on the next describe; then Pending for two polls 30 s apart, InService on the third.
    expect(restoreSeconds).toBe(60);
    expect(writeCalls()).toEqual(['sagemaker:StopNotebookInstance', 'sagemaker:StartNotebookInstance']);
    expectDeclared(stopNotebookSpec);
  });

  it('treats an instance that is already Stopping or Stopped as stopped (a re-run after a crash)', async () => {
    fakeNotebook('Stopped');
    const park = stepLog();
    await remediator().park(token(ref, 'stop-notebook', { notebookInstanceName: ref.name }), park.onStep);
    expect(park.steps).toEqual(['stop-notebook-instance']);
    expect(sm.commandCalls(StopNotebookInstanceCommand)).toHaveLength(0);
  });

  it('skips the steps the token records as done', async () => {
    fakeNotebook('Stopped');
    const restore = stepLog();
    // Start is recorded as done, so only the wait runs: nobody starts the instance, and the wait gives up.
    const err = await remediator(virtualClock(), { waitTimeoutMs: 5 * 60_000 })
      .restore(token(ref, 'stop-notebook', { notebookInstanceName: ref.name }, { stepsDone: ['start-notebook-instance'] }), restore.onStep)
      .catch((e: unknown) => e);
    expect(sm.commandCalls(StartNotebookInstanceCommand)).toHaveLength(0);
    expect(err).toMatchObject({ code: 'WAIT_TIMEOUT', step: 'wait-notebook-in-service' });
    expect((err as Error).message).toMatch(/after 5 min \(it is Stopped\)/);
    expect(restore.steps).toEqual([]);
  });

  it('says what failed, where and what to do when the role may not stop notebooks', async () => {
    fakeNotebook('InService');
    sm.on(StopNotebookInstanceCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: sagemaker:StopNotebookInstance', 403));
    const park = stepLog();
    const err = await remediator()
      .park(token(ref, 'stop-notebook', { notebookInstanceName: ref.name }), park.onStep)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AwsRemediationError', code: 'AccessDeniedException', step: 'stop-notebook-instance', resource: ref.id });
    expect((err as Error).message).toMatch(/Stopping notebook instance ds-priya-llm-exploration/);
    expect((err as Error).message).toMatch(/missing the IAM permission sagemaker:StopNotebookInstance/);
    expect(park.steps).toEqual([]);
  });

  it('refuses a missing instance with a clear error', async () => {
    sm.on(DescribeNotebookInstanceCommand).rejects(awsError('ValidationException', 'RecordNotFound'));
    await expect(remediator().capture(ref, 'stop-notebook')).rejects.toMatchObject({ code: 'RESOURCE_NOT_FOUND', message: expect.stringMatching(/no longer exists/) });
  });
});
