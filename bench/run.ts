/**
 * `npm run bench`: the figures the issues ask for, measured on this machine.
 *  1. each Lambda bundle's size (loaded at cold start, and shipped) and load+init time (target <= 1.5 MB, <= 250 ms);
 *  2. API calls one audit of the demo fleet makes, by operation;
 *  3. audit time for a generated 10,000-endpoint AWS fleet against the simulator;
 *  4. detector precision and recall per finding kind over the labelled scenario suite (test/scenarios).
 * Prints a Markdown report and writes bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildReaders } from '../src/app/deps';
import { runAudit } from '../src/app/run-audit';
import { simulatorConfig } from '../src/cli/commands';
import { simGoogleAuth } from '../src/cli/world';
import { staticTokenCredential } from '../src/providers/azure/arm-options';
import { configSchema } from '../src/config/schema';
import type { Fleet } from '../src/sim/fleet-schema';
import { demoFleet, generateFleet, startSimulator } from '../src/sim/index';
import { bundleHandler } from './bundle';
import { measureLoad } from './cold-start';
import { measureDetectorQuality, qualityLines } from './detector-quality';

const HANDLERS = ['handlers/scan.ts', 'handlers/audit.ts', 'handlers/remediate.ts', 'handlers/slack-actions.ts'];
/**
 * Each cloud's code path alone: what a function evaluates on its first call to that cloud (reader, billing, prices,
 * remediator; the credentials modules are separate lazy imports: Google's and Azure's are added as their own rows).
 */
const CLOUD_PATHS: Record<string, string> = {
  'src/app/gcp-deps.ts': 'Google path only',
  'src/providers/gcp/credentials.ts': 'Google credentials only',
  'src/app/azure-deps.ts': 'Azure path only',
  'src/providers/azure/credentials.ts': 'Azure credentials only',
};
const OUT = join(__dirname, 'results');
const CREDENTIALS = { accessKeyId: 'SIMULATOR', secretAccessKey: 'SIMULATOR' };

async function auditFleet(fleet: Fleet) {
  const sim = await startSimulator({ fleet });
  try {
    const config = simulatorConfig(configSchema.parse({}), sim, fleet);
    const now = () => sim.clock.now();
    const readers = buildReaders({ config, now, readOnly: true, credentials: CREDENTIALS, googleAuth: simGoogleAuth(), azureCredential: staticTokenCredential() });
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const result = await runAudit({ config, readers, now });
    const ms = performance.now() - t0;
    const calls = sim.calls();
    return {
      ms,
      endpoints: result.summary.resourcesScanned.endpoints,
      findings: result.findings.length,
      degraded: result.summary.degraded,
      calls,
      totalCalls: Object.values(calls).reduce((a, b) => a + b, 0),
      costManagement: Object.entries(calls)
        .filter(([op]) => op.startsWith('CostManagement.'))
        .reduce((a, [, n]) => a + n, 0),
      heapDeltaMb: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20,
      // The GCP costs status ends with the BigQuery bytes processed ("... 279.0 KB processed").
      bigQuery: result.statuses.find((st) => st.cloud === 'gcp' && st.component === 'costs')?.message?.match(/([\d.]+ [KMGT]?B) processed/)?.[1],
    };
  } finally {
    await sim.close();
  }
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const bundles = [];
  for (const h of HANDLERS) {
    const b = await bundleHandler(h, join(OUT, 'bundles'));
    bundles.push({ handler: h, sizeMb: b.loadedBytes / 1e6, totalMb: b.totalBytes / 1e6, ...measureLoad(b.file) });
  }
  for (const [h, label] of Object.entries(CLOUD_PATHS)) {
    const b = await bundleHandler(h, join(OUT, 'bundles'));
    bundles.push({ handler: `${h} (${label})`, sizeMb: b.loadedBytes / 1e6, totalMb: b.totalBytes / 1e6, ...measureLoad(b.file) });
  }
  const demo = await auditFleet(demoFleet());
  const endpoints = Number(process.env.BENCH_ENDPOINTS ?? 10_000);
  const large = await auditFleet(generateFleet({ endpoints, seed: 42 }));
  const quality = await measureDetectorQuality();

  const lines = [
    `# ml-watchdog benchmark (${new Date().toISOString()}, Node ${process.version})`,
    '',
    '| function bundle | loaded at cold start (MB) | shipped incl. lazy chunks (MB) | load+init median of 5 (ms) | RSS (MB) |',
    '|---|---|---|---|---|',
    ...bundles.map((b) => `| ${b.handler} | ${b.sizeMb.toFixed(2)} | ${b.totalMb.toFixed(2)} | ${b.medianMs.toFixed(0)} | ${b.rssMb.toFixed(0)} |`),
    '',
    `Demo fleet audit (AWS, Google and Azure): ${demo.endpoints} endpoints, ${demo.findings} findings, ${demo.totalCalls} API calls in ${demo.ms.toFixed(0)} ms; BigQuery processed ${demo.bigQuery ?? 'nothing'}; Cost Management calls ${demo.costManagement}:`,
    ...Object.entries(demo.calls).map(([op, n]) => `- ${op}: ${n}`),
    '',
    `Generated fleet audit: ${large.endpoints} endpoints, ${large.findings} findings, ${large.totalCalls} API calls, ${(large.ms / 1000).toFixed(1)} s, heap +${large.heapDeltaMb.toFixed(0)} MB${large.degraded ? ' (DEGRADED: some statuses not ok)' : ''}:`,
    ...Object.entries(large.calls).map(([op, n]) => `- ${op}: ${n}`),
    '',
    ...qualityLines(quality),
  ];
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'latest.json'), JSON.stringify({ bundles, demo, large, quality }, null, 2));
  writeFileSync(join(OUT, 'latest.md'), `${lines.join('\n')}\n`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
