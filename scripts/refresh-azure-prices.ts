/**
 * Refreshes data/prices/azure-ml.json from the Azure Retail Prices API (`npm run prices:azure`). No credentials:
 * the API is public and unauthenticated.
 *
 *   npm run prices:azure                                      # every region of the file, writes it
 *   npm run prices:azure -- --dry-run                         # print the summary, write nothing
 *   npm run prices:azure -- --region eastus,westeurope        # only these regions (a new one gets every known size)
 *   npm run prices:azure -- --endpoint http://127.0.0.1:4566  # another server (tests); NextPageLink follows it
 *   npm run prices:azure -- --file /tmp/azure-ml.json         # read and write another copy of the table
 *
 * Every size the file knows is re-read; sizes the API does not list keep their old value, are printed, and are
 * listed under `unverified` in the file. Nothing fetched at all is an error and writes nothing. Review the diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { refreshAzureTable, type AzurePriceFile, type RefreshSummary } from './azure-price-refresh';
import { DEFAULT_ENDPOINT, httpFetchPages } from './azure-retail-prices-http';

const TARGET = resolve(__dirname, '..', 'data', 'prices', 'azure-ml.json');

interface Args {
  dryRun: boolean;
  regions?: string[];
  endpoint?: string;
  file: string;
  timeoutMs: number;
}

function value(argv: readonly string[], flag: string, example: string): string | undefined {
  const at = argv.indexOf(flag);
  if (at < 0) return undefined;
  const v = argv[at + 1];
  if (!v || v.startsWith('--')) throw new Error(`${flag} needs a value, e.g. ${flag} ${example}`);
  return v;
}

function parseArgs(argv: readonly string[]): Args {
  const region = value(argv, '--region', 'eastus,westeurope') ?? value(argv, '--regions', 'eastus,westeurope');
  const endpoint = value(argv, '--endpoint', DEFAULT_ENDPOINT);
  const timeout = value(argv, '--timeout-ms', '30000');
  const timeoutMs = timeout ? Number(timeout) : 30_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error(`--timeout-ms needs a positive whole number of milliseconds, not ${timeout}`);
  return {
    dryRun: argv.includes('--dry-run'),
    ...(region ? { regions: region.split(',').map((r) => r.trim().toLowerCase().replace(/\s+/g, '')).filter(Boolean) } : {}),
    ...(endpoint ? { endpoint } : {}),
    file: resolve(value(argv, '--file', 'data/prices/azure-ml.json') ?? TARGET),
    timeoutMs,
  };
}

function formatSummary(s: RefreshSummary): string {
  const lines = [`${s.changed.length} changed, ${s.unchanged.length} unchanged, ${s.notFound.length} not found`];
  for (const c of s.changed) lines.push(`  changed   ${c.region} ${c.size}: ${c.old ?? '(new)'} -> ${c.new}`);
  for (const n of s.notFound) lines.push(`  not found ${n.region} ${n.size}${n.kept === undefined ? '' : ` (kept ${n.kept})`}: ${n.reason}`);
  return `${lines.join('\n')}\n`;
}

async function main(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv);
  const old = JSON.parse(readFileSync(args.file, 'utf8')) as AzurePriceFile;
  const fetchPages = httpFetchPages({ ...(args.endpoint ? { endpoint: args.endpoint } : {}), timeoutMs: args.timeoutMs });
  const { table, summary } = await refreshAzureTable(old, fetchPages, args.regions ? { regions: args.regions } : {});
  process.stdout.write(formatSummary(summary));
  if (summary.changed.length + summary.unchanged.length === 0) throw new Error('no rate fetched at all; the file is left as it was');
  if (args.dryRun) {
    process.stdout.write('dry run: nothing written\n');
    return;
  }
  writeFileSync(args.file, `${JSON.stringify(table, null, 2)}\n`);
  process.stdout.write(`wrote ${args.file}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`prices:azure failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
