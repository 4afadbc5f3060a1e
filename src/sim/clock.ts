/** The simulator's clock. It never ticks by itself: tests and demos move it explicitly, so runs are repeatable. */
export interface VirtualClock {
  now(): Date;
  set(d: Date): void;
  advance(ms: number): void;
}

export class SimClockError extends Error {
  readonly code = 'SIM_CLOCK_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'SimClockError';
  }
}

export function createVirtualClock(start: Date): VirtualClock {
  let nowMs = start.getTime();
  if (!Number.isFinite(nowMs)) throw new SimClockError('virtual clock start is not a valid date');
  return {
    now: () => new Date(nowMs),
    set(d: Date) {
      if (!Number.isFinite(d.getTime())) throw new SimClockError('cannot set the virtual clock to an invalid date');
      nowMs = d.getTime();
    },
    advance(ms: number) {
      if (!Number.isFinite(ms)) throw new SimClockError(`cannot advance the virtual clock by ${ms} ms`);
      nowMs += ms;
    },
  };
}

const RELATIVE = /^([+-])(\d+(?:\.\d+)?)(m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** True for the time forms a fleet file accepts: "now", "-72h", "+30m", "-2.5d", "-1w" or an ISO 8601 date-time. */
export function isFleetTime(s: string): boolean {
  return s === 'now' || RELATIVE.test(s) || (/^\d{4}-\d{2}-\d{2}/.test(s) && Number.isFinite(Date.parse(s)));
}

/** Resolves a fleet time against the clock start (relative forms) or as an absolute ISO date-time. */
export function resolveFleetTime(s: string, startMs: number): number {
  if (s === 'now') return startMs;
  const m = RELATIVE.exec(s);
  if (m) {
    const sign = m[1] === '-' ? -1 : 1;
    return startMs + sign * Math.round(Number(m[2]) * UNIT_MS[m[3]!]!);
  }
  const abs = Date.parse(s);
  if (!Number.isFinite(abs)) throw new SimClockError(`"${s}" is neither an ISO date-time nor a relative time like "-72h"`);
  return abs;
}
