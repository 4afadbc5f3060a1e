import { GetMetricDataCommand, type GetMetricDataInput } from '@aws-sdk/client-cloudwatch';
import { AddTagsCommand, DescribeEndpointCommand, DescribeNotebookInstanceCommand } from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsRemediationClients } from '../../../../../src/providers/aws/clients';
import { recheckPeriodSeconds } from '../../../../../src/providers/aws/remediation/recent-invocations';
import { awsError, awsRef, cw, remediator, resetMocks, sm, START, stepLog, token, virtualClock } from './support';

const endpointRef = awsRef('endpoint', 'nlp-llama3-70b-eval');

beforeEach(resetMocks);

describe('createAwsRemediator dispatch', () => {
  it('refuses actions it does not have, refs of the wrong kind and other clouds, before any call', async () => {
    const r = remediator();
    await expect(r.capture(endpointRef, 'none')).rejects.toMatchObject({ code: 'UNSUPPORTED_ACTION' });
    await expect(r.capture(endpointRef, 'stop-notebook')).rejects.toMatchObject({ code: 'WRONG_RESOURCE', message: expect.stringMatching(/stop-notebook works on notebook resources/) });
    await expect(r.park(token({ ...endpointRef, cloud: 'gcp' }, 'delete-endpoint-keep-config', {}), stepLog().onStep)).rejects.toMatchObject({ code: 'WRONG_RESOURCE' });
    expect(sm.calls()).toHaveLength(0);
  });

  it('lists one spec per park action', () => {
    expect(remediator().actions.map((a) => a.action).sort()).toEqual(
      ['async-min-capacity-zero', 'delete-endpoint-keep-config', 'delete-studio-app', 'ic-copies-to-zero', 'provisioned-concurrency-zero', 'stop-notebook', 'stop-training-job'].sort(),
    );
  });

  it('builds the ARN from the account when a ref carries none', async () => {
    sm.on(AddTagsCommand).resolves({});
    await remediator().tagResource({ ...awsRef('notebook', 'My-Notebook'), id: '', account: 'unknown' }, { 'watchdog:ignore': 'true' });
    expect(sm.commandCalls(AddTagsCommand)[0]!.args[0].input.ResourceArn).toBe('arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/my-notebook');
  });
});

describe('restore timing', () => {
  it('measures from an earlier restore request on the same clock, and keeps the first measurement when nothing is left to do', async () => {
    const clock = virtualClock();
    sm.on(DescribeNotebookInstanceCommand).resolves({ NotebookInstanceName: 'nb', NotebookInstanceStatus: 'InService' });
    const ref = awsRef('notebook', 'nb');
    const requested = new Date(START.getTime() - 120_000);
    const first = await remediator(clock).restore(token(ref, 'stop-notebook', { notebookInstanceName: 'nb' }, { restoreRequestedAt: requested, stepsDone: ['start-notebook-instance'] }), stepLog().onStep);
    expect(first.restoreSeconds).toBe(120);
    const again = await remediator(clock).restore(
      token(ref, 'stop-notebook', { notebookInstanceName: 'nb' }, { stepsDone: ['start-notebook-instance', 'wait-notebook-in-service'], restoreSeconds: 120 }),
      stepLog().onStep,
    );
    expect(again).toEqual({ restoreSeconds: 120 });
  });
});

describe('tagResource', () => {
  it('adds tags in calls of at most 50', async () => {
    sm.on(AddTagsCommand).resolves({});
    const tags = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, `v${i}`]));
    await remediator().tagResource(endpointRef, tags);
    const calls = sm.commandCalls(AddTagsCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.Tags!.length)).toEqual([50, 10]);
    expect(calls[0]!.ResourceArn).toBe(endpointRef.id);
  });
});

describe('recentInvocations', () => {
  const since = new Date(START.getTime() - 3 * 3_600_000);

  it('sums Invocations over every variant since the given time', async () => {
    sm.on(DescribeEndpointCommand).resolves({ EndpointName: endpointRef.name, ProductionVariants: [{ VariantName: 'A' }, { VariantName: 'B' }] } as never);
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'v0', Values: [0, 2, 0] }, { Id: 'v1', Values: [1] }] });
    expect(await remediator().recentInvocations(endpointRef, since)).toBe(3);
    const input = cw.commandCalls(GetMetricDataCommand)[0]!.args[0].input as GetMetricDataInput;
    expect(input.StartTime).toEqual(since);
    expect(input.EndTime).toEqual(START);
    expect(input.MetricDataQueries!.map((q) => q.MetricStat!.Metric!.Dimensions)).toEqual([
      [{ Name: 'EndpointName', Value: endpointRef.name }, { Name: 'VariantName', Value: 'A' }],
      [{ Name: 'EndpointName', Value: endpointRef.name }, { Name: 'VariantName', Value: 'B' }],
    ]);
    expect(input.MetricDataQueries![0]!.MetricStat).toMatchObject({ Stat: 'Sum', Period: 60, Metric: { Namespace: 'AWS/SageMaker', MetricName: 'Invocations' } });
  });

  it('is unknown (undefined) with no datapoints at all, for a gone endpoint, and for kinds without traffic metrics', async () => {
    sm.on(DescribeEndpointCommand).resolves({ EndpointName: endpointRef.name, ProductionVariants: [{ VariantName: 'A' }] } as never);
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'v0', Values: [] }] });
    expect(await remediator().recentInvocations(endpointRef, since)).toBeUndefined();
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'v0', Values: [0, 0] }] });
    expect(await remediator().recentInvocations(endpointRef, since)).toBe(0);
    sm.on(DescribeEndpointCommand).rejects(awsError('ValidationException', `Could not find endpoint "${endpointRef.id}".`));
    expect(await remediator().recentInvocations(endpointRef, since)).toBeUndefined();
    expect(await remediator().recentInvocations(awsRef('notebook', 'nb'), since)).toBeUndefined();
  });

  it('throws a failed re-check (the gate must not act on it)', async () => {
    sm.on(DescribeEndpointCommand).resolves({ EndpointName: endpointRef.name, ProductionVariants: [{ VariantName: 'A' }] } as never);
    cw.on(GetMetricDataCommand).rejects(awsError('AccessDenied', 'not authorized to perform: cloudwatch:GetMetricData', 403));
    await expect(remediator().recentInvocations(endpointRef, since)).rejects.toMatchObject({ code: 'AccessDenied', message: expect.stringMatching(/cloudwatch:GetMetricData/) });
  });

  it('picks periods CloudWatch still has for the window start, at most ~1440 points', () => {
    const h = 3_600_000;
    expect(recheckPeriodSeconds(3 * h, 3 * h)).toBe(60);
    expect(recheckPeriodSeconds(72 * h, 72 * h)).toBe(180);
    expect(recheckPeriodSeconds(20 * 24 * h, 20 * 24 * h)).toBe(1200);
    expect(recheckPeriodSeconds(70 * 24 * h, 70 * 24 * h)).toBe(7200);
    for (const days of [1, 10, 16, 40, 64, 200]) {
      const p = recheckPeriodSeconds(days * 24 * h, days * 24 * h);
      expect(p % 60).toBe(0);
      expect((days * 24 * h) / 1000 / p).toBeLessThanOrEqual(1440);
    }
  });
});

describe('createAwsRemediationClients', () => {
  it('builds SageMaker, Application Auto Scaling and CloudWatch clients with the same overrides', async () => {
    const c = createAwsRemediationClients({ region: 'eu-west-1', endpointUrl: 'http://127.0.0.1:4566', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 2 });
    expect(c.region).toBe('eu-west-1');
    for (const client of [c.sagemaker, c.applicationAutoScaling, c.cloudwatch]) {
      expect(await client.config.region()).toBe('eu-west-1');
      expect(await client.config.maxAttempts()).toBe(2);
      const ep = await client.config.endpoint!();
      expect(`${ep.protocol}//${ep.hostname}:${ep.port}`).toBe('http://127.0.0.1:4566');
    }
  });
});
