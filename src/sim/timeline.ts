/**
 * Time-indexed state. Every write operation schedules its effects as steps on a timeline ("Creating from T,
 * InService from T + provisioning"), so what the simulator answers is a pure function of (state, clock): moving the
 * virtual clock is all it takes for an endpoint to come InService, and history stays exact for metrics and costs.
 */

/** A status that holds from `fromMs` until the next phase. The first phase of a timeline starts at -Infinity. */
export interface Phase<S> {
  fromMs: number;
  status: S;
}

/** Instances (or copies) running from `fromMs` on, until the next step. Costs and instance metrics read this. */
export interface CapacityStep {
  fromMs: number;
  count: number;
}

/** A period during which something is part of its parent (a variant of an endpoint's deployed config). */
export interface LiveWindow {
  fromMs: number;
  toMs?: number;
}

/** The phase in force at `tMs` (timelines are sorted by fromMs; the first phase starts at -Infinity). */
export function phaseAt<S>(phases: readonly Phase<S>[], tMs: number): Phase<S> {
  let hit = phases[0]!;
  for (const p of phases) {
    if (p.fromMs > tMs) break;
    hit = p;
  }
  return hit;
}

export function statusAt<S>(phases: readonly Phase<S>[], tMs: number): S {
  return phaseAt(phases, tMs).status;
}

/**
 * Replaces whatever was still pending after `nowMs` with `next` (a write supersedes the transitions an earlier write
 * scheduled but that have not happened yet). A phase starting at the same instant as the last one replaces it.
 */
export function schedulePhases<S>(phases: Phase<S>[], nowMs: number, next: readonly Phase<S>[]): void {
  while (phases.length > 1 && phases[phases.length - 1]!.fromMs > nowMs) phases.pop();
  for (const p of next) {
    const last = phases[phases.length - 1]!;
    if (last.fromMs === p.fromMs) phases[phases.length - 1] = p;
    else if (last.status !== p.status) phases.push(p);
  }
}

/** Instances running at `tMs` according to a capacity timeline. */
export function capacityAt(steps: readonly CapacityStep[], tMs: number): number {
  let count = 0;
  for (const s of steps) {
    if (s.fromMs > tMs) break;
    count = s.count;
  }
  return count;
}

/**
 * Moves a count timeline to `target` and returns when the change takes effect. Decreases take effect at `nowMs`
 * (billing stops the moment instances are released), increases at `readyMs` (after provisioning); with `atReady`
 * both wait for `readyMs` (blue/green: the old fleet serves until the new one is up). A pending change to the same
 * target is kept, any other pending change is replaced.
 */
export function scheduleCount(steps: CapacityStep[], nowMs: number, readyMs: number, target: number, atReady = false): number {
  const last = steps[steps.length - 1];
  if (last && last.fromMs > nowMs && last.count === target) return last.fromMs;
  while (steps.length > 0 && steps[steps.length - 1]!.fromMs > nowMs) steps.pop();
  const current = capacityAt(steps, nowMs);
  if (current === target) return nowMs;
  const at = atReady || target > current ? readyMs : nowMs;
  const tail = steps[steps.length - 1];
  if (tail && tail.fromMs === at) tail.count = target;
  else steps.push({ fromMs: at, count: target });
  return at;
}

export function liveAt(windows: readonly LiveWindow[], tMs: number): boolean {
  for (const w of windows) if (w.fromMs <= tMs && (w.toMs === undefined || tMs < w.toMs)) return true;
  return false;
}

/** Opens a window at `fromMs` unless one is open (or opens later) already. */
export function openWindow(windows: LiveWindow[], fromMs: number): void {
  const last = windows[windows.length - 1];
  if (last && last.toMs === undefined) return;
  windows.push({ fromMs });
}

/** Closes the open window at `toMs` (a window that would not have started by then is dropped). */
export function closeWindow(windows: LiveWindow[], toMs: number): void {
  const last = windows[windows.length - 1];
  if (!last || last.toMs !== undefined) return;
  if (last.fromMs >= toMs) windows.pop();
  else last.toMs = toMs;
}

/** Sorted, de-duplicated instants strictly inside (fromMs, toMs) at which any of the timelines changes. */
export function breakpoints(fromMs: number, toMs: number, times: Iterable<number>): number[] {
  const out: number[] = [];
  for (const t of times) if (t > fromMs && t < toMs) out.push(t);
  if (out.length < 2) return out;
  out.sort((a, b) => a - b);
  return out.filter((t, i) => i === 0 || t !== out[i - 1]);
}
