import { createVirtualClock, type VirtualClock } from './clock';
import { createFaultRegistry, type FaultInjector } from './faults';
import type { Fleet } from './fleet-schema';
import { buildFleetState } from './fleet-state';
import { listen } from './server';
import { AWS_SERVICES, HTTP_ROUTES } from './services';
import demo from './fleets/demo.json';
import { parseFleet } from './load-fleet';

export type { VirtualClock } from './clock';
export type { FaultInjector, FaultKind, FaultSpec } from './faults';
export { SimFaultError } from './faults';
export type { Fleet, FleetInput, FleetEndpoint, FleetNotebook, FleetTrainingJob, TrafficPattern, TrafficPatternInput } from './fleet-schema';
export { FleetSchema, fleetJsonSchema } from './fleet-schema';
export { FleetValidationError, loadFleet } from './load-fleet';
export { generateFleet, type GenerateFleetOptions } from './generate-fleet';

export interface SimulatorOptions {
  fleet: Fleet;
  /** Virtual clock start; relative fleet times ("-72h") resolve against it. Default: new Date(). */
  now?: Date;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface Simulator {
  /** 'http://127.0.0.1:PORT': pass as `endpoint` to every AWS SDK v3 client. */
  url: string;
  clock: VirtualClock;
  /** Calls received per `<Service>.<Operation>`, e.g. { 'SageMaker.ListEndpoints': 3 }. */
  calls(): Record<string, number>;
  resetCalls(): void;
  faults: FaultInjector;
  close(): Promise<void>;
}

/**
 * Starts the local cloud simulator: SageMaker, CloudWatch, Cost Explorer and the Tagging API in their real wire
 * formats, answering from `fleet` at the virtual clock's time.
 */
export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const clock = createVirtualClock(opts.now ?? new Date());
  const state = buildFleetState(opts.fleet, clock.now().getTime());
  const faults = createFaultRegistry();
  const counts = new Map<string, number>();
  const { server, port } = await listen({ state, clock, faults, services: AWS_SERVICES, routes: HTTP_ROUTES, counts }, opts.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    clock,
    calls: () => Object.fromEntries(counts),
    resetCalls: () => counts.clear(),
    faults: { inject: (spec) => faults.inject(spec), clear: () => faults.clear() },
    close: () =>
      new Promise<void>((resolve, reject) => {
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
