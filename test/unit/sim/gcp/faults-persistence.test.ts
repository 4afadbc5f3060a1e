import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GoogleApiError } from '../../../../src/providers/gcp/google-errors';
import { demoFleet, startSimulator, type Simulator } from '../../../../src/sim/index';
import { gcall, googleHttp, HOUR_MS, IDLE_DM, IDLE_EP, JOB, LOC, MINUTE_MS, NOTEBOOK, NOW } from './gcp-sim';

async function withSim<T>(opts: { now: Date; stateFile?: string }, fn: (sim: Simulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ fleet: demoFleet(), ...opts });
  try {
    return await fn(sim);
  } finally {
    await sim.close();
  }
}

const rejection = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as GoogleApiError);

describe('Google faults', () => {
  it('answers injected faults in Google error format, classified by the production channel', () =>
    withSim({ now: NOW }, async (sim) => {
      const call = gcall(sim);
      sim.faults.inject({ operation: 'Vertex.ListEndpoints', kind: 'access-denied', times: 1 });
      const denied = await call(`${LOC}/endpoints`);
      expect(denied.status).toBe(403);
      expect(denied.body.error).toMatchObject({ status: 'PERMISSION_DENIED', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'IAM_PERMISSION_DENIED', metadata: { permission: 'aiplatform.endpoints.list' } }] });

      sim.faults.inject({ operation: 'Monitoring.*', kind: 'throttle', times: 1 });
      const throttled = await call('/v3/projects/acme-ml-prod/timeSeries?filter=x');
      expect(throttled.status).toBe(429);
      expect(throttled.body.error.status).toBe('RESOURCE_EXHAUSTED');

      sim.faults.inject({ operation: 'Notebooks.ListInstances', kind: 'server-error', times: 5 });
      const http = googleHttp(sim);
      const unavailable = await rejection(http.request({ operation: 'Notebooks.ListInstances', path: '/v2/projects/acme-ml-prod/locations/-/instances' }));
      expect(unavailable).toMatchObject({ code: 'UNAVAILABLE', httpStatus: 503 });
      expect(sim.calls()['Notebooks.ListInstances']).toBe(3); // gaxios retried 503 twice

      sim.faults.inject({ operation: 'Vertex.GetEndpoint', kind: 'expired-token', times: 1 });
      const expired = await rejection(http.request({ operation: 'Vertex.GetEndpoint', path: `${LOC}/endpoints/${IDLE_EP}` }));
      expect(expired).toMatchObject({ code: 'UNAUTHENTICATED', state: 'auth-failed', credentialFailure: true });
    }));
});

describe('Google writes in the state file', () => {
  it('replays undeploy, workbench stop and job cancel in the next process', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sim-gcp-')), 'world.json');
    let opName = '';
    await withSim({ now: NOW, stateFile: file }, async (sim) => {
      const call = gcall(sim);
      sim.clock.advance(10 * MINUTE_MS);
      const op = await call(`${LOC}/endpoints/${IDLE_EP}:undeployModel`, { method: 'POST', body: { deployedModelId: IDLE_DM } });
      expect(op.status).toBe(200);
      opName = op.body.name;
      expect((await call(`${NOTEBOOK}:stop`, { method: 'POST', body: {} })).status).toBe(200);
      expect((await call(`${LOC}/customJobs/${JOB}:cancel`, { method: 'POST', body: {} })).status).toBe(200);
      // A refused write is not recorded.
      expect((await call(`${LOC}/endpoints/${IDLE_EP}:undeployModel`, { method: 'POST', body: { deployedModelId: '1' } })).status).toBe(404);
    });
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { writes: Array<{ operation: string; region: string }> };
    expect(doc.writes.map((w) => [w.operation, w.region])).toEqual([
      ['Vertex.UndeployModel', 'us-central1'],
      ['Notebooks.StopInstance', 'us-central1-a'],
      ['Vertex.CancelCustomJob', 'us-central1'],
    ]);
    await withSim({ now: new Date(NOW.getTime() + 3 * HOUR_MS), stateFile: file }, async (sim) => {
      const call = gcall(sim);
      expect((await call(`${LOC}/endpoints/${IDLE_EP}`)).body.deployedModels).toBeUndefined();
      expect((await call(NOTEBOOK)).body.state).toBe('STOPPED');
      expect((await call(`${LOC}/customJobs/${JOB}`)).body.state).toBe('JOB_STATE_CANCELLED');
      // The operation recorded in the first process exists in the replayed world too.
      expect((await call(`/v1/${opName}`)).body).toMatchObject({ name: opName, done: true });
    });
  });
});
