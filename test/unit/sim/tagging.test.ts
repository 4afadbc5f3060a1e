import { GetResourcesCommand, paginateGetResources, type ResourceTagMapping } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFleet, loadFleet, startSimulator, type Simulator } from '../../../src/sim/index';
import { NOW, simClients } from './sim-clients';

let sim: Simulator;
let tagging: ReturnType<typeof simClients>['tagging'];

beforeAll(async () => {
  const demo = demoFleet();
  // One untagged endpoint: the Tagging API must not return it.
  const fleet = loadFleet({ ...demo, endpoints: [...demo.endpoints, { name: 'untagged', servingMode: 'real-time', variants: [{ instanceType: 'ml.m5.large' }] }] });
  sim = await startSimulator({ fleet, now: NOW });
  tagging = simClients(sim).tagging;
});
afterAll(() => sim.close());

describe('Resource Groups Tagging API GetResources', () => {
  it('pages tagged SageMaker endpoints with the SDK paginator; the last page has an empty PaginationToken', async () => {
    const all: ResourceTagMapping[] = [];
    let pages = 0;
    for await (const p of paginateGetResources({ client: tagging, pageSize: 4 }, { ResourceTypeFilters: ['sagemaker:endpoint'] })) {
      all.push(...(p.ResourceTagMappingList ?? []));
      pages++;
    }
    expect(all).toHaveLength(11); // the demo's us-east-1 endpoints, catalog-embeddings included
    expect(pages).toBe(3);
    expect(all.some((r) => r.ResourceARN?.endsWith('/untagged'))).toBe(false);
    const ignore = all.find((r) => r.ResourceARN?.endsWith('endpoint/perf-benchmark-g5'));
    expect(ignore?.Tags).toContainEqual({ Key: 'watchdog:ignore', Value: 'true' });
    const last = await tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['sagemaker:endpoint'], ResourcesPerPage: 100 }));
    expect(last.PaginationToken).toBe('');
  });

  it('filters by tag and by service-wide resource type', async () => {
    const nlp = await tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['sagemaker'], TagFilters: [{ Key: 'owner', Values: ['team-nlp'] }] }));
    expect(nlp.ResourceTagMappingList?.map((r) => r.ResourceARN?.split(':').pop()).sort()).toEqual([
      'endpoint-config/nlp-llama3-70b-eval-config',
      'endpoint-config/nlp-summarizer-inf2-config',
      'endpoint/nlp-llama3-70b-eval',
      'endpoint/nlp-summarizer-inf2',
      'notebook-instance/ds-priya-llm-exploration',
      'training-job/llama3-8b-sft-run-14',
      'training-job/llama3-8b-sft-run-15',
      'training-job/llama3-8b-sft-run-16',
      'training-job/llama3-8b-sft-run-17',
    ]);
    const ignored = await tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: 'watchdog:ignore' }] }));
    expect(ignored.ResourceTagMappingList?.map((r) => r.ResourceARN)).toEqual([
      'arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/perf-benchmark-g5-config',
      'arn:aws:sagemaker:us-east-1:123456789012:endpoint/perf-benchmark-g5',
    ]);
  });

  it('rejects an out-of-range page size with InvalidParameterException', async () => {
    await expect(tagging.send(new GetResourcesCommand({ ResourcesPerPage: 500 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});
