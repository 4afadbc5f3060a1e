import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { AZURE_PRICE_TABLE, azureListPrice } from '../../../src/providers/azure/price-table';
import { armSkuName, buildFilters, pickLinuxOnDemand, refreshAzureTable, type AzurePriceFile } from '../../../scripts/azure-price-refresh';
import { fetchAllItems, httpFetchPages } from '../../../scripts/azure-retail-prices-http';
import { item, realisticItems, startFakeRetailPrices, type FakeRetailPrices } from './azure-retail-prices-fake';

const A100 = 'Standard_NC24ads_A100_v4';
const T4 = 'Standard_NC4as_T4_v3';
const A100_ITEMS = realisticItems(A100, 3.673, 'Virtual Machines NCadsA100v4 Series');
const T4_ITEMS = realisticItems(T4, 0.526, 'Virtual Machines NCasT4 v3 Series');

let fake: FakeRetailPrices | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const oldTable = (): AzurePriceFile => ({
  source: 'Azure Retail Prices API (test)',
  asOf: '2026-01-01',
  verified: false,
  note: 'from memory',
  currency: 'USD',
  regions: { eastus: { standard_nc24ads_a100_v4: 3.5, standard_nc4as_t4_v3: 0.526, standard_nc6: 0.9 } },
  keptExtraKey: { why: 'extra keys survive a refresh' },
});

describe('ARM spelling and filters', () => {
  it('spells every table key as ARM does (filter values are case-sensitive)', () => {
    expect(armSkuName('standard_nc24ads_a100_v4')).toBe(A100);
    expect(armSkuName('standard_nc4as_t4_v3')).toBe(T4);
    expect(armSkuName('standard_nd96amsr_a100_v4')).toBe('Standard_ND96amsr_A100_v4');
    expect(armSkuName('standard_nc80adis_h100_v5')).toBe('Standard_NC80adis_H100_v5');
    expect(armSkuName('standard_ds3_v2')).toBe('Standard_DS3_v2');
    expect(armSkuName('standard_e64-32ds_v4')).toBe('Standard_E64-32ds_v4');
    expect(armSkuName('basic_a1')).toBeUndefined();
    for (const key of Object.keys(AZURE_PRICE_TABLE.regions['eastus']!)) expect(armSkuName(key)?.toLowerCase()).toBe(key);
  });

  it('one query per region per batch of at most 10 sizes, OR inside parentheses', () => {
    const sizes = Object.keys(AZURE_PRICE_TABLE.regions['eastus']!).map((k) => armSkuName(k)!);
    const filters = buildFilters('eastus', sizes);
    expect(filters).toHaveLength(Math.ceil(sizes.length / 10));
    expect(buildFilters('eastus', [A100])[0]).toBe(`serviceName eq 'Virtual Machines' and armRegionName eq 'eastus' and (armSkuName eq '${A100}')`);
    expect(filters[0]!.match(/armSkuName eq/g)).toHaveLength(10);
    expect(() => buildFilters("eastus' or 1 eq 1", [A100])).toThrow(/not an ARM region/);
  });
});

describe('pickLinuxOnDemand', () => {
  it('chooses Linux Consumption over Windows, Spot, Low Priority, Reservation 1/3 years and DevTest', () => {
    const p = pickLinuxOnDemand(A100_ITEMS, 'standard_nc24ads_a100_v4');
    expect(p).toMatchObject({ ok: true, hourly: 3.673 });
    if (p.ok) expect(p.item.productName).toBe('Virtual Machines NCadsA100v4 Series');
  });

  it('gives a reason instead of a wrong rate', () => {
    expect(pickLinuxOnDemand(A100_ITEMS, T4)).toMatchObject({ ok: false, reason: expect.stringMatching(/no item/) });
    const noLinux = A100_ITEMS.filter((i) => !(i.type === 'Consumption' && i.productName.endsWith('Series') && !/Spot|Low/.test(i.skuName)));
    expect(pickLinuxOnDemand(noLinux, A100)).toMatchObject({ ok: false, reason: expect.stringMatching(/none Linux pay-as-you-go/) });
    const twoPrices = [...A100_ITEMS, item({ armSkuName: A100, retailPrice: 9.99 })];
    expect(pickLinuxOnDemand(twoPrices, A100)).toMatchObject({ ok: false, reason: expect.stringMatching(/ambiguous/) });
    const primaryWins = [...A100_ITEMS, item({ armSkuName: A100, retailPrice: 9.99, isPrimaryMeterRegion: false })];
    expect(pickLinuxOnDemand(primaryWins, A100)).toMatchObject({ ok: true, hourly: 3.673 });
  });
});

describe('Retail Prices paging (local HTTP server)', () => {
  it('follows NextPageLink, rewritten from prices.azure.com to the endpoint override', async () => {
    fake = await startFakeRetailPrices([...A100_ITEMS, ...T4_ITEMS], { mode: 'link', pageSize: 3 });
    const items = await fetchAllItems(buildFilters('eastus', [A100, T4])[0]!, { endpoint: fake.url });
    expect(items).toHaveLength(16);
    expect(fake.requests).toHaveLength(6);
    expect(fake.requests.at(-1)!.searchParams.get('$skip')).toBe('15');
  });

  it('falls back to $skip when NextPageLink is empty on a full page', async () => {
    // 150 DevTest meters first: the Linux rate is on the second page, which only a $skip request reaches.
    const filler = Array.from({ length: 150 }, (_, n) => item({ armSkuName: A100, type: 'DevTestConsumption', retailPrice: 3 + n / 1000 }));
    fake = await startFakeRetailPrices([...filler, ...A100_ITEMS], { mode: 'empty-link', pageSize: 100 });
    const items = await fetchAllItems(buildFilters('eastus', [A100])[0]!, { endpoint: fake.url });
    expect(items).toHaveLength(158);
    expect(fake.requests.map((r) => r.searchParams.get('$skip'))).toEqual([null, '100']);
    expect(pickLinuxOnDemand(items, A100)).toMatchObject({ ok: true, hourly: 3.673 });
  });

  it('an HTTP error or a non-JSON answer names the URL', async () => {
    fake = await startFakeRetailPrices(A100_ITEMS);
    await expect(fetchAllItems('x', { endpoint: `${fake.url}/wrong` })).rejects.toThrow(/HTTP 400 for http:\/\/127\.0\.0\.1:\d+\/wrong/);
    const html = (async () => new Response('<html>proxy login</html>', { status: 200 })) as typeof fetch;
    await expect(fetchAllItems('x', { fetchImpl: html })).rejects.toThrow(/not JSON .*proxy login/);
  });

  it('says the machine is offline when nothing answers', async () => {
    await expect(fetchAllItems("serviceName eq 'Virtual Machines'", { endpoint: 'http://127.0.0.1:1', timeoutMs: 2000 })).rejects.toThrow(/cannot reach 127\.0\.0\.1:1 .*offline/);
  });
});

describe('refreshAzureTable', () => {
  it('changed / unchanged / not found; not-found keeps its value and is listed as unverified', async () => {
    fake = await startFakeRetailPrices([...A100_ITEMS, ...T4_ITEMS], { mode: 'link', pageSize: 5 });
    const old = oldTable();
    const { table, summary } = await refreshAzureTable(old, httpFetchPages({ endpoint: fake.url }), { today: '2026-12-04' });
    expect(summary.changed).toEqual([{ region: 'eastus', size: 'standard_nc24ads_a100_v4', old: 3.5, new: 3.673 }]);
    expect(summary.unchanged).toEqual([{ region: 'eastus', size: 'standard_nc4as_t4_v3', hourly: 0.526 }]);
    expect(summary.notFound).toEqual([{ region: 'eastus', size: 'standard_nc6', kept: 0.9, reason: expect.stringMatching(/no item/) }]);
    expect(table.regions['eastus']).toEqual({ standard_nc24ads_a100_v4: 3.673, standard_nc4as_t4_v3: 0.526, standard_nc6: 0.9 });
    expect(table).toMatchObject({ asOf: '2026-12-04', verified: false, unverified: { eastus: ['standard_nc6'] }, keptExtraKey: old['keptExtraKey'] });
    expect(table.note).toMatch(/Fetched 2026-12-04 .*unverified/);
    expect(old.regions['eastus']!['standard_nc24ads_a100_v4']).toBe(3.5); // the input is not changed
    // price-table.ts marks only the listed size as unverified.
    expect(azureListPrice(A100, 'eastus', table)!.source).not.toMatch(/unverified/);
    expect(azureListPrice('Standard_NC6', 'eastus', table)!.source).toMatch(/unverified/);
  });

  it('all fetched: verified true and no unverified list; a new region via regions gets every known size', async () => {
    fake = await startFakeRetailPrices([...A100_ITEMS, ...T4_ITEMS, ...realisticItems(A100, 4.04, 'Virtual Machines NCadsA100v4 Series', 'westeurope')]);
    const old = oldTable();
    delete old.regions['eastus']!['standard_nc6'];
    const { table, summary } = await refreshAzureTable(old, httpFetchPages({ endpoint: fake.url }), { today: '2026-12-04' });
    expect(table.verified).toBe(true);
    expect(table.unverified).toBeUndefined();
    const two = await refreshAzureTable(table, httpFetchPages({ endpoint: fake.url }), { today: '2026-12-05', regions: ['westeurope'] });
    expect(two.table.regions['westeurope']).toEqual({ standard_nc24ads_a100_v4: 4.04 });
    expect(two.summary.notFound).toEqual([expect.objectContaining({ region: 'westeurope', size: 'standard_nc4as_t4_v3' })]);
    expect(two.table.verified).toBe(true); // eastus untouched and verified before; the absent T4 is not a kept figure
    expect(summary.notFound).toEqual([]);
  });
});

describe('npm run prices:azure (CLI process)', () => {
  const tsx = resolve('node_modules', '.bin', 'tsx');
  const run = (args: string[]) => promisify(execFile)(tsx, ['scripts/refresh-azure-prices.ts', ...args], { timeout: 60_000 });

  it('--dry-run prints the summary and writes nothing; without it the file is written', async () => {
    fake = await startFakeRetailPrices([...A100_ITEMS, ...T4_ITEMS]);
    const file = join(mkdtempSync(join(tmpdir(), 'azure-prices-')), 'azure-ml.json');
    const before = `${JSON.stringify(oldTable(), null, 2)}\n`;
    writeFileSync(file, before);
    const dry = await run(['--dry-run', '--endpoint', fake.url, '--file', file]);
    expect(dry.stdout).toMatch(/1 changed, 1 unchanged, 1 not found/);
    expect(dry.stdout).toMatch(/dry run: nothing written/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    const real = await run(['--endpoint', fake.url, '--file', file, '--region', 'eastus']);
    expect(real.stdout).toMatch(/wrote /);
    expect(JSON.parse(readFileSync(file, 'utf8')).regions.eastus.standard_nc24ads_a100_v4).toBe(3.673);
  }, 60_000);

  it('offline: a clear error and exit code 1, nothing written', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'azure-prices-')), 'azure-ml.json');
    writeFileSync(file, JSON.stringify(oldTable()));
    const err = await run(['--endpoint', 'http://127.0.0.1:1', '--file', file, '--timeout-ms', '2000']).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 1, stderr: expect.stringMatching(/prices:azure failed: cannot reach 127\.0\.0\.1:1/) });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(oldTable());
  }, 60_000);
});
