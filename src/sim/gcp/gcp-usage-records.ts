import type { FleetState } from '../fleet-model';
import { gcpMachineFacts } from './gcp-machines';
import type { SimGcpState } from './gcp-model';
import type { SimUsageRecord, SimUsageSource } from './gcp-usage';
import { workbenchRegion } from './gcp-state';

/**
 * The world side of the billing contract (gcp-usage.ts): machine-hours per resource per UTC day, integrated from
 * the timelines the writes shape. Prediction: replicas x hours per deployed model (shared-pool models bill to the
 * pool and add nothing); Workbench: hours the VM ran; custom jobs: hours RUNNING x replicaCount. Nothing after
 * `nowMs` (the future has not been billed).
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export function gcpUsageRecords(gcp: SimGcpState | undefined, fromMs: number, toMs: number, nowMs: number): SimUsageRecord[] {
  if (!gcp) return [];
  const end = Math.min(toMs, nowMs);
  const out: SimUsageRecord[] = [];
  for (let day = Math.floor(fromMs / DAY_MS) * DAY_MS; day < end; day += DAY_MS) {
    const a = Math.max(fromMs, day);
    const b = Math.min(end, day + DAY_MS);
    if (a < b) out.push(...dayRecords(gcp, a, b));
  }
  return out;
}

/** Binds the usage records to a world (what the billing side calls). */
export function gcpUsageSource(state: FleetState): SimUsageSource {
  return (fromMs, toMs, nowMs) => gcpUsageRecords(state.gcp, fromMs, toMs, nowMs);
}

const overlap = (a: number, b: number, from: number, to: number) => Math.max(0, Math.min(b, to) - Math.max(a, from));

function dayRecords(gcp: SimGcpState, fromMs: number, toMs: number): SimUsageRecord[] {
  const out: SimUsageRecord[] = [];
  for (const e of gcp.endpoints.values()) {
    const byMachine = new Map<string, SimUsageRecord>();
    for (const m of e.models) {
      m.replicas.forEach((step, i) => {
        const next = m.replicas[i + 1]?.fromMs ?? Infinity;
        if (step.count <= 0) return;
        // The spec can change within a step (mutate, redeploy): split at spec boundaries.
        m.specs.forEach((phase, j) => {
          const spec = phase.status;
          if (spec.resources === 'shared') return;
          const specEnd = m.specs[j + 1]?.fromMs ?? Infinity;
          const ms = overlap(Math.max(step.fromMs, phase.fromMs), Math.min(next, specEnd), fromMs, toMs);
          if (ms <= 0) return;
          const facts = gcpMachineFacts(spec.machineType, spec.acceleratorType, spec.acceleratorCount);
          const key = `${spec.machineType}|${facts.acceleratorType ?? ''}|${facts.acceleratorCount}`;
          let rec = byMachine.get(key);
          if (!rec) {
            rec = {
              projectId: e.projectId,
              projectNumber: e.projectNumber,
              region: e.location,
              usage: 'prediction',
              resourceName: e.name,
              labels: { ...e.labels },
              machineType: spec.machineType,
              ...(facts.acceleratorType ? { acceleratorType: facts.acceleratorType } : {}),
              acceleratorCount: facts.acceleratorCount,
              machineHours: 0,
              fromMs,
              toMs,
            };
            byMachine.set(key, rec);
          }
          rec.machineHours += (step.count * ms) / HOUR_MS;
        });
      });
    }
    out.push(...[...byMachine.values()].filter((r) => r.machineHours > 0));
  }

  for (const w of gcp.workbench.values()) {
    const ms = w.runs.reduce((sum, r) => sum + overlap(r.fromMs, r.toMs ?? Infinity, fromMs, toMs), 0);
    if (ms <= 0) continue;
    const gpu = w.accelerators[0];
    out.push({
      projectId: w.projectId,
      projectNumber: w.projectNumber,
      region: workbenchRegion(w),
      zone: w.zone,
      usage: 'workbench',
      resourceName: w.name,
      labels: { ...w.labels },
      machineType: w.machineType,
      ...(gpu ? { acceleratorType: gpu.type } : {}),
      acceleratorCount: gpu?.coreCount ?? 0,
      machineHours: ms / HOUR_MS,
      fromMs,
      toMs,
    });
  }

  for (const j of gcp.customJobs.values()) {
    const running = j.phases.find((p) => p.status === 'JOB_STATE_RUNNING');
    if (!running) continue;
    const ms = overlap(Math.max(running.fromMs, j.startedMs), j.endedMs ?? Infinity, fromMs, toMs);
    if (ms <= 0) continue;
    const facts = gcpMachineFacts(j.machineType, j.acceleratorType, j.acceleratorCount);
    out.push({
      projectId: j.projectId,
      projectNumber: j.projectNumber,
      region: j.location,
      usage: 'training',
      resourceName: j.name,
      labels: { ...j.labels },
      machineType: j.machineType,
      ...(facts.acceleratorType ? { acceleratorType: facts.acceleratorType } : {}),
      acceleratorCount: facts.acceleratorCount,
      machineHours: (j.replicaCount * ms) / HOUR_MS,
      fromMs,
      toMs,
    });
  }
  return out;
}
