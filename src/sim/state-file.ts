import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { FleetState } from './fleet-model';
import type { Fleet } from './fleet-schema';
import { AwsServiceError, type AwsJsonService } from './protocol/aws-json';
import type { SimHttpRoute } from './server';

/**
 * Persistence of the simulated world across processes (`npm start` parks an endpoint, a later `ml-watchdog restore`
 * must find it parked). The file holds the fleet's identity, the clock start its relative times resolved against,
 * and every successful write call with its VIRTUAL timestamp. Loading replays the calls through the same handlers,
 * so the world is rebuilt exactly, however much wall-clock time passed in between.
 */
export interface AppliedWrite {
  /** `<Service>.<Operation>`, as in calls(). */
  operation: string;
  region: string;
  atMs: number;
  input: unknown;
}

export type SimStateErrorCode = 'SIM_STATE_CORRUPT' | 'SIM_STATE_FLEET_MISMATCH' | 'SIM_STATE_REPLAY_FAILED' | 'SIM_STATE_WRITE_FAILED';

export class SimStateError extends Error {
  constructor(
    readonly code: SimStateErrorCode,
    /** The state file concerned. */
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SimStateError';
  }
}

const FORMAT = 'ml-watchdog-simulator-state';
const IsoTime = z.iso.datetime({ offset: true });
const StateDocSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(1),
  /** sha256 of the validated fleet: the writes only make sense against the fleet they were made on. */
  fleetSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The clock start the fleet's relative times ("-72h") resolved against when the file was created. */
  fleetStart: IsoTime,
  /** The virtual clock at the last write: a new process never starts before it. */
  clock: IsoTime,
  writes: z.array(z.strictObject({ at: IsoTime, operation: z.string().regex(/^[A-Za-z]+\.[A-Za-z][A-Za-z_]*$/), region: z.string().min(1), input: z.unknown() })),
});
type StateDoc = z.output<typeof StateDocSchema>;

export interface LoadedState {
  fleetStartMs: number;
  clockMs: number;
  writes: AppliedWrite[];
}

export function fleetFingerprint(fleet: Fleet): string {
  return createHash('sha256').update(JSON.stringify(fleet)).digest('hex');
}

/** Reads a state file; undefined when there is none yet. Anything unreadable is an error naming the file. */
export function readStateFile(file: string, fleetSha256: string): LoadedState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SimStateError('SIM_STATE_CORRUPT', file, `cannot read simulator state file ${file}: ${(cause as Error).message}`, { cause });
  }
  let doc: StateDoc;
  try {
    doc = StateDocSchema.parse(JSON.parse(text));
  } catch (cause) {
    const detail = cause instanceof z.ZodError ? cause.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') : (cause as Error).message;
    throw new SimStateError('SIM_STATE_CORRUPT', file, `simulator state file ${file} is corrupt (${detail}); delete it to start the simulated world afresh`, { cause });
  }
  if (doc.fleetSha256 !== fleetSha256) {
    throw new SimStateError(
      'SIM_STATE_FLEET_MISMATCH',
      file,
      `simulator state file ${file} was written for a different fleet description; use the same fleet, or delete the file to start afresh`,
    );
  }
  return {
    fleetStartMs: Date.parse(doc.fleetStart),
    clockMs: Date.parse(doc.clock),
    writes: doc.writes.map((w) => ({ operation: w.operation, region: w.region, atMs: Date.parse(w.at), input: w.input })),
  };
}

/** Writes the whole file atomically: a temporary file in the same directory, then rename over the old one. */
export function writeStateFile(file: string, fleetSha256: string, fleetStartMs: number, clockMs: number, writes: readonly AppliedWrite[]): void {
  const doc: StateDoc = {
    format: FORMAT,
    version: 1,
    fleetSha256,
    fleetStart: new Date(fleetStartMs).toISOString(),
    clock: new Date(clockMs).toISOString(),
    writes: writes.map((w) => ({ at: new Date(w.atMs).toISOString(), operation: w.operation, region: w.region, input: w.input })),
  };
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, `${JSON.stringify(doc, null, 2)}\n`);
    renameSync(tmp, file);
  } catch (cause) {
    rmSync(tmp, { force: true });
    throw new SimStateError('SIM_STATE_WRITE_FAILED', file, `cannot write simulator state file ${file}: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Re-applies recorded writes, in order, at their virtual times. A write that no longer applies is an error. Writes
 * of REST routes (Google, Azure) go back through the route that recorded them (`SimHttpRoute.replay`).
 */
export function replayWrites(
  state: FleetState,
  services: readonly AwsJsonService[],
  writes: readonly AppliedWrite[],
  file: string,
  routes: readonly SimHttpRoute[] = [],
): void {
  const byName = new Map(services.map((s) => [s.service as string, s]));
  writes.forEach((w, i) => {
    const [serviceName, op] = w.operation.split('.') as [string, string];
    const service = byName.get(serviceName);
    const handler = service?.writeOperations?.has(op) ? service.operations[op] : undefined;
    const where = `write #${i + 1} (${w.operation} at ${new Date(w.atMs).toISOString()})`;
    if (!service) {
      try {
        if (!routes.some((r) => r.replay?.(w, state))) throw new SimStateError('SIM_STATE_CORRUPT', file, `simulator state file ${file}: ${where} is not a write operation the simulator knows`);
      } catch (cause) {
        if (cause instanceof SimStateError) throw cause;
        throw new SimStateError('SIM_STATE_REPLAY_FAILED', file, `simulator state file ${file}: ${where} no longer applies (${(cause as Error).message}); delete the file to start afresh`, { cause });
      }
      state.version++;
      return;
    }
    if (!handler) throw new SimStateError('SIM_STATE_CORRUPT', file, `simulator state file ${file}: ${where} is not a write operation the simulator knows`);
    try {
      const out = handler(w.input, { state, nowMs: w.atMs, region: w.region, operation: op });
      if (out instanceof Promise) throw new Error('asynchronous write handlers cannot be replayed');
    } catch (cause) {
      const why = cause instanceof AwsServiceError ? `${cause.type}: ${cause.message}` : (cause as Error).message;
      throw new SimStateError('SIM_STATE_REPLAY_FAILED', file, `simulator state file ${file}: ${where} no longer applies (${why}); delete the file to start afresh`, { cause });
    }
    state.version++;
  });
}
