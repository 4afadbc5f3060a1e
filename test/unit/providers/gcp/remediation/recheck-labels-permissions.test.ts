import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GCP_REMEDIATION_ACTIONS, gcpRemediationPermissions } from '../../../../../src/providers/gcp/remediation';
import { recheckPeriodSeconds } from '../../../../../src/providers/gcp/remediation/recent-invocations';
import { interimSplit, renormalise, sameSplit, splitWithout } from '../../../../../src/providers/gcp/remediation/traffic-split';
import { FakeGoogle, twoModelEndpoint } from './fake-google';
import { ENDPOINT, INSTANCE, JOB, ref, remediator } from './helpers';

let fake: FakeGoogle;
beforeEach(async () => {
  fake = new FakeGoogle();
  await fake.start();
});
afterEach(() => fake.stop());

const epRef = ref('endpoint', ENDPOINT, 'fraud-scorer');
const ENDPOINT_ID = '4000000000000000001';
const int = (n: number) => ({ value: { int64Value: String(n) } });

describe('recentInvocations (Cloud Monitoring re-check)', () => {
  it('sums prediction_count since the detection, filtered on the endpoint id', async () => {
    fake.metrics.set(ENDPOINT_ID, { prediction_count: [{ points: [int(3), int(0), int(9)] }] });
    const since = new Date(fake.nowMs - 6 * 3600_000 + 42_000);
    expect(await remediator(fake).recentInvocations(epRef, since)).toBe(12);
    const q = new URL(fake.calls('/timeSeries')[0]!.url, 'http://x').searchParams;
    expect(q.get('filter')).toBe(
      `metric.type = "aiplatform.googleapis.com/prediction/online/prediction_count" AND resource.type = "aiplatform.googleapis.com/Endpoint" AND resource.labels.endpoint_id = "${ENDPOINT_ID}"`,
    );
    expect(q.get('interval.startTime')).toBe(new Date(fake.nowMs - 6 * 3600_000).toISOString());
    expect(q.get('aggregation.perSeriesAligner')).toBe('ALIGN_SUM');
    expect(q.get('aggregation.crossSeriesReducer')).toBe('REDUCE_SUM');
    expect(q.getAll('aggregation.groupByFields')).toEqual(['resource.label.endpoint_id']);
    expect(fake.calls('/v3/projects/my-ml-project/timeSeries')).toHaveLength(1);
  });

  it('no prediction points but live replicas: 0 (Monitoring writes no point for a minute without predictions)', async () => {
    fake.metrics.set(ENDPOINT_ID, { replicas: [{ points: [int(2), int(2)] }] });
    expect(await remediator(fake).recentInvocations(epRef, new Date(fake.nowMs - 3600_000))).toBe(0);
    const q = new URL(fake.calls('/timeSeries')[1]!.url, 'http://x').searchParams;
    expect(q.get('filter')).toContain('prediction/online/replicas');
    expect(q.get('aggregation.perSeriesAligner')).toBe('ALIGN_MAX');
  });

  it('no prediction points and no replica points: unknown (undefined), never zero', async () => {
    expect(await remediator(fake).recentInvocations(epRef, new Date(fake.nowMs - 3600_000))).toBeUndefined();
    fake.metrics.set(ENDPOINT_ID, { replicas: [{ points: [int(0)] }] });
    expect(await remediator(fake).recentInvocations(epRef, new Date(fake.nowMs - 3600_000))).toBeUndefined();
  });

  it('not an endpoint: undefined without a call; a failing call throws', async () => {
    const r = remediator(fake);
    expect(await r.recentInvocations(ref('notebook', INSTANCE), new Date(0))).toBeUndefined();
    expect(fake.log).toEqual([]);
    fake.deny.set('ListTimeSeries', 'monitoring.timeSeries.list');
    await expect(r.recentInvocations(epRef, new Date(fake.nowMs - 3600_000))).rejects.toMatchObject({ code: 'PERMISSION_DENIED', operation: 'Monitoring.ListTimeSeries' });
  });

  it('picks a period of whole minutes giving at most ~1440 points', () => {
    expect(recheckPeriodSeconds(3600_000)).toBe(60);
    expect(recheckPeriodSeconds(10 * 86_400_000)).toBe(600);
  });
});

describe('tagResource (labels)', () => {
  it('merges watchdog:ignore as the watchdog-ignore label into the endpoint\'s labels', async () => {
    fake.endpoints.set(ENDPOINT, twoModelEndpoint());
    const r = remediator(fake);
    await r.tagResource(epRef, { 'watchdog:ignore': 'true' });
    expect(fake.endpoints.get(ENDPOINT)!.labels).toEqual({ team: 'risk', env: 'prod', 'watchdog-ignore': 'true' });
    const patch = fake.log.find((l) => l.method === 'PATCH')!;
    expect(patch.url).toBe(`/v1/${ENDPOINT}?updateMask=labels`);
    // Already there: no second PATCH.
    await r.tagResource(epRef, { 'watchdog:ignore': 'true' });
    expect(fake.log.filter((l) => l.method === 'PATCH')).toHaveLength(1);
  });

  it('labels a Workbench instance and awaits the operation', async () => {
    fake.instances.set(INSTANCE, { name: INSTANCE, state: 'ACTIVE', labels: { owner: 'alice' } });
    await remediator(fake).tagResource(ref('notebook', INSTANCE), { 'watchdog:ignore': 'true' });
    expect(fake.instances.get(INSTANCE)!.labels).toEqual({ owner: 'alice', 'watchdog-ignore': 'true' });
  });

  it('custom jobs cannot be relabelled: LABELS_IMMUTABLE saying what to do instead', async () => {
    const err = await remediator(fake).tagResource(ref('training-job', JOB, 'llm-finetune'), { 'watchdog:ignore': 'true' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LABELS_IMMUTABLE' });
    expect((err as Error).message).toMatch(/exclusions\.names/);
    expect(fake.log).toEqual([]);
  });
});

describe('permissions', () => {
  it('every action declares Google permissions on resource-name patterns and at least one write', () => {
    for (const spec of GCP_REMEDIATION_ACTIONS) {
      expect(spec.validOriginStates.length, spec.action).toBeGreaterThan(0);
      for (const s of spec.validOriginStates) expect(s, spec.action).toMatch(/^[A-Z_]+$/);
      for (const p of spec.permissions) {
        expect(p.action, spec.action).toMatch(/^(aiplatform|notebooks|iam|monitoring)\.[a-zA-Z]+\.[a-zA-Z]+$/);
        expect(p.resource, p.action).toMatch(/^projects\/\*(\/[a-zA-Z]+\/\*)*$/);
      }
      expect(spec.permissions.some((p) => !/\.(get|list)$/.test(p.action)), spec.action).toBe(true);
    }
    expect(GCP_REMEDIATION_ACTIONS.map((a) => a.action).sort()).toEqual(['min-replicas-zero', 'stop-notebook', 'stop-training-job', 'undeploy-model']);
  });

  it('the union is deduplicated and sorted, with the re-check and labelling permissions', () => {
    const all = gcpRemediationPermissions();
    const keys = all.map((p) => `${p.action} ${p.resource}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([...keys].sort((a, b) => a.localeCompare(b)));
    expect(all).toContainEqual({ action: 'aiplatform.endpoints.undeploy', resource: 'projects/*/locations/*/endpoints/*' });
    expect(all).toContainEqual({ action: 'aiplatform.customJobs.cancel', resource: 'projects/*/locations/*/customJobs/*' });
    expect(all).toContainEqual({ action: 'monitoring.timeSeries.list', resource: 'projects/*' });
    expect(all).toContainEqual({ action: 'notebooks.instances.update', resource: 'projects/*/locations/*/instances/*' });
  });
});

describe('traffic splits', () => {
  it('renormalise with whole percents summing to 100', () => {
    expect(renormalise({ a: 50, b: 30, c: 20 }, ['b', 'c'])).toEqual({ b: 60, c: 40 });
    expect(renormalise({ a: 34, b: 33, c: 33 }, ['b', 'c'])).toEqual({ b: 50, c: 50 });
    expect(renormalise({ a: 10, b: 1, c: 1, d: 1 }, ['b', 'c', 'd'])).toEqual({ b: 34, c: 33, d: 33 });
    expect(renormalise({ a: 100 }, ['b'])).toBeUndefined();
  });

  it('the undeploy split unassigns the model; none for the last one or a split without traffic', () => {
    expect(splitWithout({ a: 70, b: 30 }, 'b', ['a'])).toEqual({ a: 100 });
    expect(splitWithout({ a: 70, b: 30 }, 'a', [])).toBeUndefined();
    expect(splitWithout({}, 'a', ['b'])).toBeUndefined();
    // Someone moved all traffic to the model being undeployed: spread it over the rest.
    expect(splitWithout({ a: 100, b: 0, c: 0 }, 'a', ['b', 'c'])).toEqual({ b: 50, c: 50 });
  });

  it('interim deploy splits use "0" for the model being deployed', () => {
    expect(interimSplit({ a: 70, b: 30 }, {}, [], 'a')).toEqual({ '0': 100 });
    expect(interimSplit({ a: 70, b: 30 }, { a: 100 }, ['a'], 'b')).toEqual({ a: 70, '0': 30 });
    expect(interimSplit({ a: 0, b: 100 }, {}, [], 'a')).toEqual({ '0': 100 });
    expect(interimSplit({ a: 0, b: 100 }, { b: 100 }, ['b'], 'a')).toEqual({ b: 100, '0': 0 });
    expect(sameSplit({ a: 100, b: 0 }, { a: 100 })).toBe(true);
    expect(sameSplit({ a: 70, b: 30 }, { a: 30, b: 70 })).toBe(false);
  });
});
