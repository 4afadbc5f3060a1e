import { createVirtualClock, type VirtualClock } from './clock';
import { createFaultRegistry, type FaultInjector } from './faults';
import type { Fleet } from './fleet-schema';
import { buildFleetState } from './fleet-state';
import { listen } from './server';
import { AWS_SERVICES, HTTP_ROUTES } from './services';
import demo from './fleets/demo.json';
import { parseFleet } from './load-fleet';
import { fleetFingerprint, readStateFile, replayWrites, writeStateFile, type AppliedWrite } from './state-file';

export type { VirtualClock } from './clock';
export type { FaultInjector, FaultKind, FaultSpec } from './faults';
export { SimFaultError } from './faults';
export type { Fleet, FleetInput, FleetEndpoint, FleetNotebook, FleetTrainingJob, TrafficPattern, TrafficPatternInput } from './fleet-schema';
export { FleetSchema, fleetJsonSchema } from './fleet-schema';
export { FleetValidationError, loadFleet } from './load-fleet';
export { generateFleet, type GenerateFleetOptions } from './generate-fleet';
export { SimStateError, type SimStateErrorCode } from './state-file';

export interface SimulatorOptions {
  fleet: Fleet;
  /** Virtual clock start; relative fleet times ("-72h") resolve against it. Default: new Date(). */
  now?: Date;
  /** 0 (default) picks a free port. */
  port?: number;
  /**
   * Persist the simulated world in this JSON file: every successful write call is recorded with its virtual time
   * (atomic rewrite) and replayed on the next start with the same file, so separate processes share one world.
   * With an existing file, relative fleet times resolve against the clock start recorded in it, and the virtual
   * clock starts at `now` or at the last recorded write, whichever is later. A corrupt file, or one written for a
   * different fleet, is a SimStateError naming the file.
   */
  stateFile?: string;
}

export interface Simulator {
  /** 'http://127.0.0.1:PORT': pass as `endpoint` to every AWS SDK v3 client. */
  url: string;
  clock: VirtualClock;
  /** Calls received per `<Service>.<Operation>`, e.g. { 'SageMaker.ListEndpoints': 3 }. */
  calls(): Record<string, number>;
  resetCalls(): void;
  faults: FaultInjector;
  /** The state file in use (SimulatorOptions.stateFile), if any. */
  stateFile?: string;
  close(): Promise<void>;
}

/**
 * Starts the local cloud simulator: SageMaker, CloudWatch, Cost Explorer, the Tagging API and Application Auto
 * Scaling in their real wire formats, answering from `fleet` at the virtual clock's time. Write operations (park and
 * restore: DeleteEndpoint, CreateEndpoint, UpdateInferenceComponentRuntimeConfig, RegisterScalableTarget ...)
 * schedule their effects on the virtual clock.
 */
export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const requestedMs = (opts.now ?? new Date()).getTime();
  const file = opts.stateFile;
  const fingerprint = file ? fleetFingerprint(opts.fleet) : '';
  const loaded = file ? readStateFile(file, fingerprint) : undefined;
  const fleetStartMs = loaded?.fleetStartMs ?? requestedMs;
  // Virtual time never runs backwards across processes sharing a state file.
  const clock = createVirtualClock(new Date(Math.max(requestedMs, loaded?.clockMs ?? -Infinity)));
  const state = buildFleetState(opts.fleet, fleetStartMs);
  const writes: AppliedWrite[] = [...(loaded?.writes ?? [])];
  if (file) replayWrites(state, AWS_SERVICES, writes, file, HTTP_ROUTES);
  let savedClockMs = loaded?.clockMs ?? -Infinity;
  const onWrite = file
    ? (w: AppliedWrite) => {
        writes.push(w);
        savedClockMs = Math.max(savedClockMs, w.atMs);
        writeStateFile(file, fingerprint, fleetStartMs, savedClockMs, writes);
      }
    : undefined;
  const faults = createFaultRegistry();
  const counts = new Map<string, number>();
  const { server, port } = await listen(
    { state, clock, faults, services: AWS_SERVICES, routes: HTTP_ROUTES, counts, ...(onWrite ? { onWrite } : {}) },
    opts.port ?? 0,
  );
  return {
    url: `http://127.0.0.1:${port}`,
    clock,
    calls: () => Object.fromEntries(counts),
    resetCalls: () => counts.clear(),
    faults: { inject: (spec) => faults.inject(spec), clear: () => faults.clear() },
    ...(file ? { stateFile: file } : {}),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Time the remediator waited on the virtual clock (an undeploy's minute, a deploy's provisioning) is part of
        // the world: the next process must not start before it, or it would see the operation still running.
        if (file && writes.length > 0 && clock.now().getTime() > savedClockMs) {
          savedClockMs = clock.now().getTime();
          writeStateFile(file, fingerprint, fleetStartMs, savedClockMs, writes);
        }
        server.close((err) => (err ? reject(err) : resolve()));
        // SDK clients keep connections alive; close them so the port is released now, not after their timeout.
        server.closeAllConnections();
      }),
  };
}

/** The shipped demo fleet (src/sim/fleets/demo.json), validated; times are relative to the clock start. */
export function demoFleet(): Fleet {
  return parseFleet(demo, 'src/sim/fleets/demo.json');
}
