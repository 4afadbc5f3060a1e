import { buildReaders } from '../../src/app/deps';
import { simulatorConfig } from '../../src/cli/commands';
import { simGoogleAuth } from '../../src/cli/world';
import { staticTokenCredential } from '../../src/providers/azure/arm-options';
import { configSchema, type ConfigInput, type WatchdogConfig } from '../../src/config/schema';
import type { Fleet } from '../../src/sim/fleet-schema';
import { demoFleet, startSimulator, type Simulator } from '../../src/sim/index';
import type { StateStore } from '../../src/state/state-store';

export const SIM_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface SimHarness {
  sim: Simulator;
  config: WatchdogConfig;
  now: () => Date;
  readers: (store?: StateStore) => ReturnType<typeof buildReaders>;
}

/** Starts the simulator with a fleet (demo by default) and a config pointing the real AWS, Google and Azure clients at it. */
export async function simHarness(opts: { fleet?: Fleet; config?: ConfigInput; now?: Date } = {}): Promise<SimHarness> {
  const fleet = opts.fleet ?? demoFleet();
  const sim = await startSimulator({ fleet, ...(opts.now ? { now: opts.now } : {}) });
  const config = simulatorConfig(configSchema.parse(opts.config ?? {}), sim, fleet);
  const now = () => sim.clock.now();
  return {
    sim,
    config,
    now,
    readers: (store) => buildReaders({ config, now, readOnly: false, credentials: SIM_CREDENTIALS, googleAuth: simGoogleAuth(), azureCredential: staticTokenCredential(), ...(store ? { store } : {}) }),
  };
}
