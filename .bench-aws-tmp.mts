import { configSchema } from '/work/main/src/config/schema';
import { createAwsReader } from '/work/main/src/providers/aws/aws-reader';
import { createAwsClients, createCostExplorerClient } from '/work/main/src/providers/aws/clients';
import { InMemoryCostCache } from '/work/main/src/providers/aws/cost-cache';
import { generateFleet, startSimulator } from '/work/main/src/sim';

const START = new Date('2026-11-20T12:00:00Z');
const credentials = { accessKeyId: 'AKID', secretAccessKey: 's' };
const n = Number(process.argv[2] ?? 10000);
const fleet = generateFleet({ endpoints: n, seed: 7 });
const sim = await startSimulator({ fleet, now: START });
const reader = createAwsReader({
  config: configSchema.parse({ clouds: { aws: { regions: ['us-east-1'], endpointUrl: sim.url } } }),
  clientsFor: (region) => createAwsClients({ region, endpointUrl: sim.url, credentials }),
  costExplorer: createCostExplorerClient({ endpointUrl: sim.url, credentials }),
  costCache: new InMemoryCostCache(),
  now: () => sim.clock.now(),
});
let t = Date.now();
const inv = await reader.inventory({});
console.log('inventory', inv.endpoints.length, inv.notebooks.length, inv.trainingJobs.length, Date.now() - t, 'ms');
t = Date.now();
const series = await reader.utilization(inv.endpoints, { start: new Date(START.getTime() - 72 * 3600e3), end: START });
console.log('utilization', series.length, Date.now() - t, 'ms');
t = Date.now();
const costs = await reader.costs({ start: new Date(START.getTime() - 14 * 24 * 3600e3), end: START });
console.log('costs', costs.length, Date.now() - t, 'ms');
console.log(JSON.stringify(reader.status(), null, 1));
console.log(sim.calls());
await sim.close();
