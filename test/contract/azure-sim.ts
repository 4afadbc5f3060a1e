import type { TokenCredential } from '@azure/core-auth';
import { configSchema, type ConfigInput, type WatchdogConfig } from '../../src/config/schema';
import { staticTokenCredential } from '../../src/providers/azure/arm-options';
import { demoFleet, FleetSchema, startSimulator, type Fleet, type FleetInput, type Simulator } from '../../src/sim/index';

/**
 * The simulated Azure world for contract tests: the simulator on a fleet (the demo fleet, or one given), a watchdog
 * config that reads Azure only (AWS off, clouds.azure on with the fleet's subscriptions, every ARM call redirected
 * to the simulator through `endpointUrl`) and a static bearer credential. Real SDK clients are built with
 * `new AzureMachineLearningWorkspaces(credential, subscriptionId, armClientOptions(config.clouds.azure))`.
 * Time is the simulator's virtual clock: `sim.clock.advance(ms)` moves it (pollers: call `poller.poll()` after).
 */

/** Wednesday 2026-11-18 15:00 UTC, the other clouds' contract clock start. */
export const AZURE_START = new Date('2026-11-18T15:00:00Z');
export const DEMO_SUBSCRIPTION = '3f2b6c1d-8e4a-4b7c-9d2e-5a6f7b8c9d0e';
export const DEMO_RG = 'rg-ml-prod';
export const DEMO_WORKSPACE = 'mlw-prod';
export const DEMO_LOCATION = 'eastus';
export const DEMO_WORKSPACE_ID = `/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/${DEMO_RG}/providers/Microsoft.MachineLearningServices/workspaces/${DEMO_WORKSPACE}`;
export const demoEndpointId = (name: string) => `${DEMO_WORKSPACE_ID}/onlineEndpoints/${name}`;
export const demoComputeId = (name: string) => `${DEMO_WORKSPACE_ID}/computes/${name}`;
export const demoJobId = (name: string) => `${DEMO_WORKSPACE_ID}/jobs/${name}`;

export interface AzureSim {
  sim: Simulator;
  config: WatchdogConfig;
  credential: TokenCredential;
  fleet: Fleet;
  close(): Promise<void>;
}

export async function startAzureSim(fleet: FleetInput | Fleet | 'demo', opts: { now?: Date; stateFile?: string; config?: ConfigInput } = {}): Promise<AzureSim> {
  const parsed = fleet === 'demo' ? demoFleet() : FleetSchema.parse(fleet);
  if (!parsed.azure) throw new Error('startAzureSim: the fleet has no azure section');
  const sim = await startSimulator({ fleet: parsed, now: opts.now ?? AZURE_START, ...(opts.stateFile ? { stateFile: opts.stateFile } : {}) });
  const input = opts.config ?? {};
  const config = configSchema.parse({
    ...input,
    clouds: {
      ...input.clouds,
      aws: { ...input.clouds?.aws, enabled: false },
      azure: { subscriptions: parsed.azure.subscriptions.map((s) => s.id), ...input.clouds?.azure, enabled: true, endpointUrl: sim.url },
    },
  });
  return { sim, config, credential: staticTokenCredential(), fleet: parsed, close: () => sim.close() };
}
