import type { Server } from 'node:http';
import { createVirtualClock, type VirtualClock } from '../../../../src/sim/clock';
import { createFaultRegistry, type FaultRegistry } from '../../../../src/sim/faults';
import type { FleetState } from '../../../../src/sim/fleet-model';
import type { SimBillingExport, SimUsageRecord, SimUsageSource } from '../../../../src/sim/gcp/gcp-usage';
import { listen, type SimHttpRoute } from '../../../../src/sim/server';

/** A fixed clock start: Wednesday 2026-11-18 15:00 UTC (the AWS simulator tests use the same). */
export const NOW = new Date('2026-11-18T15:00:00Z');
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export interface TestSim {
  url: string;
  port: number;
  clock: VirtualClock;
  faults: FaultRegistry;
  counts: Map<string, number>;
  /** Every request the routes saw (method + path + query), to show what a client really sends. */
  seen: { method: string; url: string; authorization?: string }[];
  close(): Promise<void>;
}

/**
 * The real simulator HTTP server (src/sim/server.ts `listen`) with only the routes under test. The billing routes
 * never read the fleet state, so a stub stands in for it.
 */
export async function startSim(routes: SimHttpRoute[]): Promise<TestSim> {
  const clock = createVirtualClock(NOW);
  const faults = createFaultRegistry();
  const counts = new Map<string, number>();
  const seen: TestSim['seen'] = [];
  const recording: SimHttpRoute[] = routes.map((r) => ({
    match(method, url) {
      const m = r.match(method, url);
      if (!m) return undefined;
      return {
        operation: m.operation,
        handle(ctx) {
          const auth = ctx.headers.authorization;
          seen.push({ method, url: url.pathname + url.search, ...(typeof auth === 'string' ? { authorization: auth } : {}) });
          return m.handle(ctx);
        },
      };
    },
    fault: (kind, op) => r.fault(kind, op),
  }));
  const { server, port } = await listen({ state: {} as FleetState, clock, faults, services: [], routes: recording, counts }, 0);
  return { url: `http://127.0.0.1:${port}`, port, clock, faults, counts, seen, close: () => closeServer(server) };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export const EXPORT: SimBillingExport = {
  project: 'billing-admin',
  dataset: 'billing',
  table: 'gcp_billing_export_resource_v1_0A1B2C_3D4E5F_6A7B8C',
  location: 'US',
  billingAccountId: '0A1B2C-3D4E5F-6A7B8C',
  createdMs: NOW.getTime() - 10 * DAY_MS - 5 * HOUR_MS,
  extraCosts: [],
};

export const ENDPOINT_L4 = 'projects/123456789012/locations/us-central1/endpoints/1111111111';
export const ENDPOINT_T4 = 'projects/123456789012/locations/europe-west4/endpoints/2222222222';
export const NOTEBOOK = 'projects/ml-prod/locations/us-central1-a/instances/carol-nb';
export const TRAINING = 'projects/123456789012/locations/us-east1/customJobs/333';

type Resource = Omit<SimUsageRecord, 'machineHours' | 'fromMs' | 'toMs'> & { replicas: number; hoursOfDay?: [number, number]; onlyDayMs?: number };

export const RESOURCES: Resource[] = [
  {
    projectId: 'ml-prod', projectNumber: '123456789012', region: 'us-central1', usage: 'prediction', resourceName: ENDPOINT_L4,
    labels: { owner: 'alice', team: 'search' }, machineType: 'g2-standard-8', acceleratorCount: 0, replicas: 2,
  },
  {
    projectId: 'ml-prod', projectNumber: '123456789012', region: 'europe-west4', usage: 'prediction', resourceName: ENDPOINT_T4,
    labels: { owner: 'bob' }, machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, replicas: 1,
  },
  {
    projectId: 'ml-prod', projectNumber: '123456789012', region: 'us-central1', zone: 'us-central1-a', usage: 'workbench', resourceName: NOTEBOOK,
    labels: { owner: 'carol' }, machineType: 'n1-standard-8', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, replicas: 1, hoursOfDay: [9, 17],
  },
  {
    projectId: 'ml-research', projectNumber: '987654321098', region: 'us-east1', usage: 'training', resourceName: TRAINING,
    labels: {}, machineType: 'a2-highgpu-1g', acceleratorType: 'NVIDIA_TESLA_A100', acceleratorCount: 1, replicas: 1, hoursOfDay: [0, 5],
    onlyDayMs: Date.UTC(2026, 10, 16),
  },
];

/** A tiny world: records per resource per UTC day, running time clipped to `nowMs`. */
export const usageSource: SimUsageSource = (fromMs, toMs, nowMs) => {
  const out: SimUsageRecord[] = [];
  for (let d = Math.floor(fromMs / DAY_MS) * DAY_MS; d < Math.min(toMs, nowMs); d += DAY_MS) {
    for (const { replicas, hoursOfDay, onlyDayMs, ...r } of RESOURCES) {
      if (onlyDayMs !== undefined && onlyDayMs !== d) continue;
      const [a, b] = hoursOfDay ?? [0, 24];
      const hours = Math.max(0, Math.min(d + b * HOUR_MS, nowMs) - (d + a * HOUR_MS)) / HOUR_MS;
      if (hours <= 0) continue;
      out.push({ ...r, fromMs: d, toMs: Math.min(d + DAY_MS, nowMs), machineHours: hours * replicas });
    }
  }
  return out;
};
