import {
  DescribeAppCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeInferenceComponentCommand,
  DescribeNotebookInstanceCommand,
  DescribeTrainingJobCommand,
  ListAppsCommand,
  ListEndpointsCommand,
  ListInferenceComponentsCommand,
  ListNotebookInstancesCommand,
  ListTagsCommand,
  ListTrainingJobsCommand,
  SageMakerServiceException,
  paginateListEndpoints,
  paginateListTrainingJobs,
  type EndpointSummary,
} from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFleet, loadFleet, startSimulator, type Simulator } from '../../../src/sim/index';
import { HOUR_MS, NOW, simClients } from './sim-clients';

let sim: Simulator;
let sm: ReturnType<typeof simClients>['sagemaker'];

beforeAll(async () => {
  sim = await startSimulator({ fleet: demoFleet(), now: NOW });
  sm = simClients(sim).sagemaker;
});
afterAll(() => sim.close());

describe('SageMaker endpoints', () => {
  it('pages ListEndpoints with the SDK paginator and a small page size, newest first by default', async () => {
    sim.resetCalls();
    const all: EndpointSummary[] = [];
    for await (const page of paginateListEndpoints({ client: sm, pageSize: 2 }, {})) all.push(...(page.Endpoints ?? []));
    expect(all).toHaveLength(11); // the demo's us-east-1 endpoints (catalog-embeddings is the 11th); vision-defect-detector lives in us-west-2
    expect(sim.calls()['SageMaker.ListEndpoints']).toBe(6);
    const created = all.map((e) => e.CreationTime!.getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(all[0]).toMatchObject({ EndpointName: 'recsys-v2-canary', EndpointStatus: 'Failed' });
    expect(all.every((e) => e.EndpointArn === `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${e.EndpointName}`)).toBe(true);
  });

  it('filters by StatusEquals and NameContains and sorts by Name', async () => {
    const failed = await sm.send(new ListEndpointsCommand({ StatusEquals: 'Failed' }));
    expect(failed.Endpoints?.map((e) => e.EndpointName)).toEqual(['recsys-v2-canary']);
    const named = await sm.send(new ListEndpointsCommand({ NameContains: 'PROD', SortBy: 'Name', SortOrder: 'Ascending' }));
    expect(named.Endpoints?.map((e) => e.EndpointName)).toEqual(['search-ranker-prod']);
  });

  it('serves each region its own endpoints (region from the SigV4 scope)', async () => {
    const west = simClients(sim, { region: 'us-west-2' }).sagemaker;
    const r = await west.send(new ListEndpointsCommand({}));
    expect(r.Endpoints?.map((e) => e.EndpointName)).toEqual(['vision-defect-detector']);
    expect(r.Endpoints?.[0]?.EndpointArn).toContain(':us-west-2:');
  });

  it('rejects MaxResults above 100 like the service', async () => {
    await expect(sm.send(new ListEndpointsCommand({ MaxResults: 500 }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("Value '500' at 'maxResults'"),
    });
  });

  it('DescribeEndpoint has instance counts but no instance type; the config has the type', async () => {
    const d = await sm.send(new DescribeEndpointCommand({ EndpointName: 'search-ranker-prod' }));
    expect(d.EndpointStatus).toBe('InService');
    expect(d.ProductionVariants?.[0]).toMatchObject({ VariantName: 'AllTraffic', CurrentInstanceCount: 2, DesiredInstanceCount: 2 });
    expect(JSON.stringify(d)).not.toContain('InstanceType');
    expect(d.CreationTime?.getTime()).toBe(NOW.getTime() - 200 * 24 * HOUR_MS);
    const c = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: d.EndpointConfigName }));
    expect(c.ProductionVariants?.[0]).toMatchObject({ InstanceType: 'ml.g5.xlarge', InitialInstanceCount: 2, ModelName: 'search-ranker-prod-model' });
  });

  it('describes serverless, inference-component, async and failed endpoints in their own shapes', async () => {
    const serverless = await sm.send(new DescribeEndpointCommand({ EndpointName: 'fraud-score-serverless' }));
    expect(serverless.ProductionVariants?.[0]?.CurrentServerlessConfig).toEqual({ MemorySizeInMB: 4096, MaxConcurrency: 20 });
    expect(serverless.ProductionVariants?.[0]?.CurrentInstanceCount).toBeUndefined();

    const ic = await sm.send(new DescribeEndpointCommand({ EndpointName: 'genai-shared-inference' }));
    expect(ic.ProductionVariants?.[0]?.ManagedInstanceScaling).toEqual({ Status: 'ENABLED', MinInstanceCount: 1, MaxInstanceCount: 2 });
    expect(ic.ProductionVariants?.[0]?.DeployedImages).toBeUndefined();

    const asyncEp = await sm.send(new DescribeEndpointCommand({ EndpointName: 'doc-ocr-async' }));
    expect(asyncEp.AsyncInferenceConfig?.OutputConfig?.S3OutputPath).toMatch(/^s3:\/\/.+doc-ocr-async\/output$/);

    const failed = await sm.send(new DescribeEndpointCommand({ EndpointName: 'recsys-v2-canary' }));
    expect(failed.EndpointStatus).toBe('Failed');
    expect(failed.FailureReason).toContain('did not pass the ping health check');
    expect(failed.ProductionVariants).toBeUndefined();
  });

  it('answers an unknown endpoint with the real ValidationException message, as a typed SDK error', async () => {
    const err = await sm.send(new DescribeEndpointCommand({ EndpointName: 'no-such-endpoint' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SageMakerServiceException);
    expect(err).toMatchObject({
      name: 'ValidationException',
      message: 'Could not find endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/no-such-endpoint".',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'nope' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('Could not find endpoint configuration'),
    });
  });
});

describe('SageMaker inference components, tags, notebooks, apps', () => {
  it('lists and describes inference components with copy counts and reservations', async () => {
    const list = await sm.send(new ListInferenceComponentsCommand({ EndpointNameEquals: 'genai-shared-inference', SortBy: 'Name', SortOrder: 'Ascending' }));
    expect(list.InferenceComponents?.map((c) => c.InferenceComponentName)).toEqual(['llama3-8b-chat', 'mistral-7b-instruct']);
    const d = await sm.send(new DescribeInferenceComponentCommand({ InferenceComponentName: 'llama3-8b-chat' }));
    expect(d.RuntimeConfig).toEqual({ DesiredCopyCount: 2, CurrentCopyCount: 2 });
    expect(d.Specification?.ComputeResourceRequirements).toMatchObject({ NumberOfAcceleratorDevicesRequired: 1, NumberOfCpuCoresRequired: 4, MinMemoryRequiredInMb: 24576 });
    expect(d.EndpointName).toBe('genai-shared-inference');
  });

  it('ListTags enforces its minimum MaxResults of 50 and returns the tags', async () => {
    const arn = 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/perf-benchmark-g5';
    await expect(sm.send(new ListTagsCommand({ ResourceArn: arn, MaxResults: 10 }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('greater than or equal to 50'),
    });
    const t = await sm.send(new ListTagsCommand({ ResourceArn: arn, MaxResults: 50 }));
    expect(t.Tags).toContainEqual({ Key: 'watchdog:ignore', Value: 'true' });
    expect(t.Tags).toContainEqual({ Key: 'owner', Value: 'team-perf' });
  });

  it('lists notebook instances with their instance type and describes them', async () => {
    const list = await sm.send(new ListNotebookInstancesCommand({ StatusEquals: 'InService', SortBy: 'Name', SortOrder: 'Ascending' }));
    expect(list.NotebookInstances?.map((n) => [n.NotebookInstanceName, n.InstanceType])).toEqual([
      ['analytics-scratch', 'ml.t3.medium'],
      ['ds-priya-llm-exploration', 'ml.g5.xlarge'],
    ]);
    const d = await sm.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: 'ds-priya-llm-exploration' }));
    expect(d).toMatchObject({ NotebookInstanceStatus: 'InService', InstanceType: 'ml.g5.xlarge', VolumeSizeInGB: 5 });
    expect(d.LastModifiedTime?.getTime()).toBe(NOW.getTime() - 9 * 24 * HOUR_MS);
    await expect(sm.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: 'nope' }))).rejects.toMatchObject({ name: 'ValidationException', message: 'RecordNotFound' });
  });

  it('lists Studio apps with ResourceSpec.InstanceType; LastUserActivityTimestamp mirrors the health check', async () => {
    const apps = await sm.send(new ListAppsCommand({ DomainIdEquals: 'd-7xk2mfq9lz1p' }));
    expect(apps.Apps?.map((a) => [a.AppType, a.ResourceSpec?.InstanceType])).toEqual([
      ['KernelGateway', 'ml.g5.2xlarge'],
      ['JupyterServer', undefined],
    ]);
    const d = await sm.send(
      new DescribeAppCommand({ DomainId: 'd-7xk2mfq9lz1p', UserProfileName: 'alex-chen', AppType: 'KernelGateway', AppName: 'datascience-1-0-ml-g5-2xlarge-4f2a9c' }),
    );
    expect(d.LastUserActivityTimestamp).toEqual(d.LastHealthCheckTimestamp);
    expect(d.Status).toBe('InService');
  });
});

describe('SageMaker training jobs', () => {
  const jobsFleet = () =>
    loadFleet({
      trainingJobs: Array.from({ length: 7 }, (_, i) => ({
        name: `job-${i}`,
        instanceType: 'ml.g5.xlarge',
        status: i % 3 === 0 ? 'InProgress' : 'Completed',
        startedAt: `-${10 + i}h`,
        ...(i % 3 === 0 ? {} : { endedAt: `-${9 + i}h` }),
      })),
    });

  it('reproduces the StatusEquals quirk: pages are cut first, then filtered, so short pages carry NextToken', async () => {
    const s = await startSimulator({ fleet: jobsFleet(), now: NOW });
    try {
      const client = simClients(s).sagemaker;
      const first = await client.send(new ListTrainingJobsCommand({ StatusEquals: 'InProgress', MaxResults: 2 }));
      expect(first.TrainingJobSummaries?.length).toBeLessThan(2);
      expect(first.NextToken).toBeDefined();
      const names: string[] = [];
      for await (const p of paginateListTrainingJobs({ client, pageSize: 2 }, { StatusEquals: 'InProgress' })) {
        names.push(...(p.TrainingJobSummaries ?? []).map((j) => j.TrainingJobName!));
      }
      expect(names.sort()).toEqual(['job-0', 'job-3', 'job-6']);
    } finally {
      await s.close();
    }
  });

  it('describes a running job with ResourceConfig and stops it at MaxRuntimeInSeconds as the clock advances', async () => {
    const d = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: 'llama3-8b-sft-run-17' }));
    expect(d).toMatchObject({ TrainingJobStatus: 'InProgress', ResourceConfig: { InstanceType: 'ml.g5.12xlarge', InstanceCount: 2 }, StoppingCondition: { MaxRuntimeInSeconds: 432000 } });
    expect(d.TrainingStartTime?.getTime()).toBe(NOW.getTime() - 30 * HOUR_MS);
    expect(d.BillableTimeInSeconds).toBeUndefined();
    const done = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: 'ranker-xgb-nightly-1104' }));
    expect(done).toMatchObject({ TrainingJobStatus: 'Completed', BillableTimeInSeconds: 3600 });

    sim.clock.advance(5 * 24 * HOUR_MS);
    try {
      const later = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: 'llama3-8b-sft-run-17' }));
      expect(later).toMatchObject({ TrainingJobStatus: 'Stopped', SecondaryStatus: 'MaxRuntimeExceeded', BillableTimeInSeconds: 432000 });
    } finally {
      sim.clock.set(NOW);
    }
  });
});
