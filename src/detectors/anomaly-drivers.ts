import { median } from 'simple-statistics';
import type { Cloud } from '../domain/cloud';
import type { CostLine } from '../domain/cost';
import type { AnomalyDriver, AnomalyDriverKind } from '../domain/finding';
import type { Snapshot } from '../domain/snapshot';
import { formatMoney } from '../domain/money';
import { dayOf } from './spend';

/**
 * What explains a jump: each part of the scope (a resource, an owner, a service) is judged like the scope, its spend
 * on the judged day against its median over the SAME baseline days, and the parts that rose most are named until
 * they explain most of the excess. Parts are of one breakdown at a time, so no dollar is counted twice.
 */

/** Parts named per kind, and the share of the excess after which no more are needed. */
const MAX_PER_KIND = 3;
const EXPLAINED_PCT = 90;

export interface DriverWindow {
  judgedDay: string;
  baselineDays: readonly string[];
  /** Spend above the baseline on the judged day: the 100 % the shares refer to. */
  excess: number;
}

/** Parts of `lines` by `key` whose spend rose most on the judged day. */
export function driversBy(lines: readonly CostLine[], kind: AnomalyDriverKind, key: (l: CostLine) => string | undefined, w: DriverWindow): AnomalyDriver[] {
  const byKey = new Map<string, Map<string, number>>();
  const wanted = new Set([w.judgedDay, ...w.baselineDays]);
  for (const l of lines) {
    const day = dayOf(l);
    const k = key(l);
    if (k === undefined || !wanted.has(day)) continue;
    const days = byKey.get(k) ?? new Map<string, number>();
    days.set(day, (days.get(day) ?? 0) + l.BilledCost);
    byKey.set(k, days);
  }
  const deltas = [...byKey].map(([name, days]) => {
    const base = w.baselineDays.length ? median(w.baselineDays.map((d) => days.get(d) ?? 0)) : 0;
    return { name, delta: (days.get(w.judgedDay) ?? 0) - base };
  });
  return pickTop(
    deltas.filter((d) => d.delta > 0).map((d) => ({ kind, name: d.name, deltaPerDay: d.delta })),
    w.excess,
  );
}

/**
 * Largest first, until they explain EXPLAINED_PCT of the excess, at most MAX_PER_KIND; each with its share unless
 * `share` is false (a list-price estimate is not a share of a billed excess).
 */
export function pickTop(drivers: readonly AnomalyDriver[], excess: number, share = true): AnomalyDriver[] {
  const sorted = [...drivers].sort((a, b) => b.deltaPerDay - a.deltaPerDay);
  const out: AnomalyDriver[] = [];
  let explained = 0;
  for (const d of sorted) {
    if (out.length >= MAX_PER_KIND || (excess > 0 && explained >= (EXPLAINED_PCT / 100) * excess)) break;
    // A part can rise by more than the whole when other parts fell: it then explains all of the jump (100 %).
    out.push({ ...d, ...(share && excess > 0 ? { sharePct: Math.min(100, Math.round((d.deltaPerDay / excess) * 100)) } : {}) });
    explained += d.deltaPerDay;
  }
  return out;
}

/** Drivers in reading order: what started or was billed per resource first, then services, owners, AWS's root causes. */
const KIND_ORDER: AnomalyDriverKind[] = ['new-resource', 'resource', 'service', 'owner', 'usage-type'];
export function inReadingOrder(drivers: readonly AnomalyDriver[]): AnomalyDriver[] {
  return [...drivers].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

/**
 * A cost line's resource as people name it: the inventory name of the resource it bills (matched by the reader, or
 * here by id: a Vertex custom job's line carries only its numeric resource name), else the provider id.
 */
export function resourceNamer(snapshot: Pick<Snapshot, 'endpoints' | 'notebooks' | 'trainingJobs'>): (l: CostLine) => string | undefined {
  const names = new Map<string, string>();
  for (const r of [...snapshot.endpoints, ...snapshot.notebooks, ...snapshot.trainingJobs]) names.set(r.ref.id.toLowerCase(), r.ref.name);
  return (l) => l.ref?.name ?? (l.ResourceId ? (names.get(l.ResourceId.toLowerCase()) ?? l.ResourceId) : undefined);
}

/** A resource's display name without an inventory: its matched ref's name, else its id. */
export function resourceName(l: CostLine): string | undefined {
  return l.ref?.name ?? l.ResourceId;
}

/**
 * Where the bill has no resource split (AWS Cost Explorer has no resource dimension for SageMaker), the resources
 * that STARTED since the anomaly began are the likely cause: named with their list-price day, as an estimate.
 * `owner` narrows them to one owner tag value.
 */
export function newResourceDrivers(
  snapshot: Pick<Snapshot, 'endpoints' | 'notebooks' | 'trainingJobs'>,
  scope: { cloud: Cloud; account: string; owner?: string; ownerTag: string; since: Date; excess: number },
): AnomalyDriver[] {
  const mine = (r: { ref: { cloud: Cloud; account: string }; tags: Record<string, string> }) =>
    r.ref.cloud === scope.cloud && (scope.account === '*' || r.ref.account === scope.account) && (!scope.owner || r.tags[scope.ownerTag] === scope.owner);
  const started: { name: string; at: Date; count: number; type: string; hourly?: number; currency?: string }[] = [];
  const running = (status: string) => status === 'in-service' || status === 'updating';
  for (const e of snapshot.endpoints) {
    if (!mine(e) || e.createdAt < scope.since || !running(e.status)) continue;
    for (const v of e.variants) {
      started.push({ name: e.ref.name, at: e.createdAt, count: v.currentInstanceCount, type: v.instance.instanceType, hourly: v.instance.listPrice?.hourly.amount, currency: v.instance.listPrice?.hourly.currency });
    }
  }
  for (const n of snapshot.notebooks) {
    if (!mine(n) || n.createdAt < scope.since || !running(n.status)) continue;
    started.push({ name: n.ref.name, at: n.createdAt, count: 1, type: n.instance.instanceType, hourly: n.instance.listPrice?.hourly.amount, currency: n.instance.listPrice?.hourly.currency });
  }
  for (const j of snapshot.trainingJobs) {
    const at = j.startedAt ?? j.createdAt;
    if (!mine(j) || at < scope.since || !running(j.status)) continue;
    started.push({ name: j.ref.name, at, count: j.instanceCount, type: j.instance.instanceType, hourly: j.instance.listPrice?.hourly.amount, currency: j.instance.listPrice?.hourly.currency });
  }
  const drivers = started
    .filter((s) => s.hourly !== undefined && s.count > 0)
    .map((s): AnomalyDriver => {
      const perDay = s.hourly! * s.count * 24;
      return {
        kind: 'new-resource',
        name: s.name,
        deltaPerDay: perDay,
        detail: `${s.count} x ${s.type} since ${s.at.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${formatMoney({ amount: perDay, currency: s.currency ?? 'USD' })}/day at list price`,
      };
    });
  return pickTop(drivers, scope.excess, false);
}
