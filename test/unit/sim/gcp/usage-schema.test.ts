import { describe, expect, it } from 'vitest';
import { buildFleetState } from '../../../../src/sim/fleet-state';
import { gcpUsageRecords } from '../../../../src/sim/gcp/gcp-usage-records';
import { GOOGLE_WORLD_ROUTES } from '../../../../src/sim/gcp/google-routes';
import { demoFleet, FleetValidationError, loadFleet } from '../../../../src/sim/index';
import { HOUR_MS, IDLE_DM, IDLE_EP, JOB, LOC, MINUTE_MS, NOTEBOOK, NOW } from './gcp-sim';

const DAY_MS = 86_400_000;
const dayStart = Date.parse('2026-11-17T00:00:00Z');

describe('gcpUsageRecords', () => {
  it('integrates machine-hours per resource per UTC day from the fleet timelines', () => {
    const state = buildFleetState(demoFleet(), NOW.getTime());
    const recs = gcpUsageRecords(state.gcp, dayStart, dayStart + 2 * DAY_MS, NOW.getTime());
    const of = (usage: string, day: number) => recs.filter((r) => r.usage === usage && r.fromMs === day);
    // Yesterday, a full day: 1 A100 replica, 1 L4 replica, 2 T4 replicas, the notebook 24 h.
    const yesterday = of('prediction', dayStart);
    expect(yesterday.map((r) => [r.resourceName.split('/').pop(), r.machineType, r.acceleratorType, r.machineHours]).sort()).toEqual(
      [
        ['1487205736610709504', 'n1-standard-8', 'NVIDIA_TESLA_T4', 48],
        ['4054137345011449856', 'a2-highgpu-1g', 'NVIDIA_TESLA_A100', 24],
        ['6218392561207394304', 'g2-standard-8', 'NVIDIA_L4', 24],
      ].sort(),
    );
    expect(yesterday.find((r) => r.machineType === 'a2-highgpu-1g')).toMatchObject({ projectId: 'acme-ml-prod', projectNumber: '482915736014', region: 'us-central1', labels: { owner: 'team-vision', env: 'prod' } });
    expect(of('workbench', dayStart)[0]).toMatchObject({ zone: 'us-central1-a', region: 'us-central1', machineType: 'n1-standard-8', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, machineHours: 24 });
    expect(of('training', dayStart)).toEqual([]); // the job started today 06:00
    // Today until now (15:00): 15 h; the job ran 9 h on one a2-highgpu-8g.
    const today = dayStart + DAY_MS;
    expect(of('workbench', today)[0]!.machineHours).toBe(15);
    expect(of('training', today)[0]).toMatchObject({ machineType: 'a2-highgpu-8g', acceleratorCount: 8, machineHours: 9 });
  });

  it('stops counting when the world is parked: undeploy (after ~1 min), notebook stop, job cancel', () => {
    const state = buildFleetState(demoFleet(), NOW.getTime());
    const write = (operation: string, method: string, path: string, body: object) =>
      expect(GOOGLE_WORLD_ROUTES.some((r) => r.replay?.({ operation, region: 'us-central1', atMs: NOW.getTime(), input: { method, path, search: '', body } }, state))).toBe(true);
    write('Vertex.UndeployModel', 'POST', `${LOC}/endpoints/${IDLE_EP}:undeployModel`, { deployedModelId: IDLE_DM });
    write('Notebooks.StopInstance', 'POST', `${NOTEBOOK}:stop`, {});
    write('Vertex.CancelCustomJob', 'POST', `${LOC}/customJobs/${JOB}:cancel`, {});
    const later = NOW.getTime() + 5 * HOUR_MS;
    const recs = gcpUsageRecords(state.gcp, dayStart + DAY_MS, dayStart + 2 * DAY_MS, later);
    const minuteH = MINUTE_MS / HOUR_MS;
    expect(recs.find((r) => r.machineType === 'a2-highgpu-1g')!.machineHours).toBeCloseTo(15 + minuteH, 9);
    expect(recs.find((r) => r.usage === 'workbench')!.machineHours).toBeCloseTo(15 + minuteH, 9);
    expect(recs.find((r) => r.usage === 'training')!.machineHours).toBeCloseTo(9 + minuteH, 9);
    expect(recs.find((r) => r.machineType === 'g2-standard-8')!.machineHours).toBe(20); // untouched: runs until `later`
  });
});

describe('gcp fleet section', () => {
  it('keeps fleets without a gcp section as they were', () => {
    expect(loadFleet({ endpoints: [] }).gcp).toBeUndefined();
  });

  it('derives stable numeric ids and refuses bad references with paths and next steps', () => {
    const fleet = loadFleet({ gcp: { projects: [{ id: 'my-proj-1', number: '111111111111' }], endpoints: [{ displayName: 'a', deployedModels: [{ displayName: 'm', model: '1' }] }] } });
    const state = buildFleetState(fleet, NOW.getTime());
    const [name] = [...state.gcp!.endpoints.keys()];
    expect(name).toMatch(/^projects\/111111111111\/locations\/us-central1\/endpoints\/\d{19}$/);
    expect([...buildFleetState(fleet, 0).gcp!.endpoints.keys()]).toEqual([name]);

    const bad = () =>
      loadFleet({
        gcp: {
          projects: [{ id: 'my-proj-1', number: '1234' }],
          endpoints: [
            { displayName: 'a', project: 'other-proj', deployedModels: [{ displayName: 'm', model: '1', trafficPct: 60 }] },
            { displayName: 'a', project: 'other-proj' },
          ],
          workbenchInstances: [{ id: 'nb', zone: 'us-central1', machineType: 'n1-standard-4' }],
        },
      });
    expect(bad).toThrow(FleetValidationError);
    const problems = (() => {
      try {
        bad();
      } catch (e) {
        return (e as FleetValidationError).problems;
      }
      return [];
    })();
    expect(problems).toEqual(
      expect.arrayContaining([
        'gcp.projects[0].number: a project number has 12 digits',
        expect.stringMatching(/^gcp\.endpoints\[0\]\.deployedModels: .*add up to 100/),
        expect.stringMatching(/^gcp\.workbenchInstances\[0\]\.zone: expected a Google Cloud zone/),
      ]),
    );
  });

  it('reports duplicate derived ids and unknown projects', () => {
    let problems: string[] = [];
    try {
      loadFleet({ gcp: { projects: [{ id: 'my-proj-1', number: '111111111111' }], endpoints: [{ displayName: 'a' }, { displayName: 'a' }, { displayName: 'b', project: 'nope-proj' }] } });
    } catch (e) {
      problems = (e as FleetValidationError).problems;
    }
    expect(problems).toEqual([expect.stringMatching(/^gcp\.endpoints\[1\]\.id: duplicate endpoint id .* give one of them an explicit id$/), 'gcp.endpoints[2].project: project nope-proj is not in gcp.projects']);
  });
});
