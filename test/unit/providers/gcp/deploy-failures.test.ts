import { describe, expect, it } from 'vitest';
import { latestDeployFailure, needsOperations, type OperationJson } from '../../../../src/providers/gcp/deploy-failures';

const NOW = new Date('2026-11-20T12:00:00Z');
const at = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
const op = (type: string, hoursAgo: number, extra: Partial<OperationJson> = {}): OperationJson => ({
  name: `projects/1/locations/us-central1/endpoints/2/operations/${hoursAgo}`,
  done: true,
  metadata: { '@type': `type.googleapis.com/google.cloud.aiplatform.v1.${type}`, genericMetadata: { createTime: at(hoursAgo + 0.3), updateTime: at(hoursAgo) } },
  ...extra,
});
const QUOTA = { code: 8, message: 'The following quota metrics exceed quota limits: aiplatform.googleapis.com/custom_model_serving_nvidia_a100_gpus' };

describe('latestDeployFailure', () => {
  it('takes the latest DeployModel when it failed, with the canonical code word', () => {
    const f = latestDeployFailure([op('CreateEndpointOperationMetadata', 5, { response: {} } as never), op('DeployModelOperationMetadata', 2, { error: QUOTA })], NOW);
    expect(f).toEqual({ reason: `RESOURCE_EXHAUSTED: ${QUOTA.message}`, at: new Date(at(2)) });
    expect(latestDeployFailure([op('DeployModelOperationMetadata', 2, { error: { code: 99, message: 'x' } })], NOW)?.reason).toBe('code 99: x');
  });

  it('is over once a later deploy succeeded or is still running; undeploys do not count', () => {
    const failed = op('DeployModelOperationMetadata', 5, { error: QUOTA });
    expect(latestDeployFailure([failed, op('DeployModelOperationMetadata', 1)], NOW)).toBeUndefined();
    expect(latestDeployFailure([failed, op('DeployModelOperationMetadata', 1, { done: false })], NOW)).toBeUndefined();
    expect(latestDeployFailure([failed, op('UndeployModelOperationMetadata', 1)], NOW)?.reason).toMatch(/^RESOURCE_EXHAUSTED/);
  });

  it('ignores failures older than 7 days and operations without a time', () => {
    expect(latestDeployFailure([op('DeployModelOperationMetadata', 8 * 24, { error: QUOTA })], NOW)).toBeUndefined();
    expect(latestDeployFailure([{ name: 'x', done: true, metadata: { '@type': 'type.googleapis.com/google.cloud.aiplatform.v1.DeployModelOperationMetadata' }, error: QUOTA }], NOW)).toBeUndefined();
    expect(latestDeployFailure([], NOW)).toBeUndefined();
  });

  it('asks for operations only of endpoints with nothing deployed', () => {
    expect(needsOperations({ name: 'e' })).toBe(true);
    expect(needsOperations({ name: 'e', deployedModels: [] })).toBe(true);
    expect(needsOperations({ name: 'e', deployedModels: [{ id: '1' }] })).toBe(false);
  });
});
