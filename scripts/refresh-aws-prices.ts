/**
 * Refreshes data/prices/aws-sagemaker.json from the AWS Price List Query API (`npm run prices:aws`).
 *
 *   npm run prices:aws                                   # default regions, writes the file
 *   npm run prices:aws -- --regions us-east-1,eu-west-1  # only these regions
 *   npm run prices:aws -- --dry-run                      # print the summary, write nothing
 *
 * Needs AWS credentials allowed `pricing:GetProducts` (any account; the Price List is public data). It calls the
 * network, so it is not part of the tests; the parsing it relies on is tested in
 * test/unit/scripts/sagemaker-price-list.test.ts. The whole table is replaced, with one source and the
 * publicationDate of the data as `asOf`; review the diff before committing.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PricingClient } from '@aws-sdk/client-pricing';
import { isAcceleratedType, knownAwsInstanceTypes } from '../src/providers/aws/instance-types';
import type { SageMakerComponent } from '../src/providers/aws/price-table';
import { renderPriceTable, type PriceTableFile } from './price-table-file';
import { buildPriceTable, fetchSageMakerPriceList, parsePriceListItems } from './sagemaker-price-list';

const TARGET = resolve(__dirname, '..', 'data', 'prices', 'aws-sagemaker.json');
const DEFAULT_REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-west-3', 'eu-central-1', 'ap-south-1'];
const COMPONENTS: SageMakerComponent[] = ['hosting', 'notebook', 'training'];
/** The Price List Query API is served from us-east-1 (and ap-south-1, eu-central-1), not from every region. */
const PRICING_API_REGION = 'us-east-1';

interface Args {
  regions: string[];
  dryRun: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const at = argv.indexOf('--regions');
  const list = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && !list) throw new Error('--regions needs a comma-separated list, e.g. --regions us-east-1,eu-west-1');
  const regions = list ? list.split(',').map((r) => r.trim()).filter(Boolean) : DEFAULT_REGIONS;
  if (!regions.includes('us-east-1')) {
    throw new Error('--regions must include us-east-1: it is the fallback every other region relies on');
  }
  return { regions, dryRun: argv.includes('--dry-run') };
}

function summary(table: PriceTableFile): string {
  const lines = Object.entries(table.regions).map(([region, byComponent]) => {
    const counts = COMPONENTS.map((c) => `${c} ${Object.keys(byComponent[c] ?? {}).length}`).join(', ');
    return `  ${region}: ${counts}`;
  });
  const unsourced = Object.keys(table.unsourced['us-east-1']?.hosting ?? {});
  return [
    `asOf ${table.asOf}`,
    ...lines,
    `us-east-1 accelerated types without a Hosting price: ${unsourced.length ? unsourced.join(', ') : 'none'}`,
  ].join('\n');
}

async function main(argv: readonly string[], now: Date): Promise<void> {
  const args = parseArgs(argv);
  const client = new PricingClient({ region: PRICING_API_REGION });
  const items: string[] = [];
  // Sequential on purpose: GetProducts throttles aggressively and a refresh is a once-a-month manual job.
  for (const region of args.regions) {
    for (const component of COMPONENTS) {
      const page = await fetchSageMakerPriceList(client, region, component);
      console.log(`${region} ${component}: ${page.length} products`);
      items.push(...page);
    }
  }
  const table = buildPriceTable(parsePriceListItems(items), {
    now,
    acceleratedTypes: knownAwsInstanceTypes().filter(isAcceleratedType),
  });
  console.log(summary(table));
  if (args.dryRun) return;
  writeFileSync(TARGET, renderPriceTable(table));
  console.log(`wrote ${TARGET}`);
}

main(process.argv.slice(2), new Date()).catch((err: unknown) => {
  const e = err as { name?: string; code?: string; message?: string };
  const code = e.code ?? e.name ?? 'Error';
  const hint =
    code === 'AccessDeniedException' || code === 'CredentialsProviderError'
      ? ' (needs AWS credentials allowed pricing:GetProducts)'
      : '';
  console.error(`prices:aws failed: ${code}: ${e.message ?? String(err)}${hint}`);
  process.exitCode = 1;
});
