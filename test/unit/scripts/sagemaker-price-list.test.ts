import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { LazyJsonString } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import fixture from '../../fixtures/aws/pricing/GetProducts.sagemaker-hosting.json';
import { sagemakerListPrice } from '../../../src/providers/aws/price-table';
import { priceTableFileSchema, renderPriceTable } from '../../../scripts/price-table-file';
import {
  PriceListError,
  buildPriceTable,
  fetchSageMakerPriceList,
  parsePriceListItems,
  type PriceListEntry,
} from '../../../scripts/sagemaker-price-list';

const items: string[] = fixture.PriceList;
const NOW = new Date('2026-11-20T12:00:00Z');

/** A fixture item with some attributes changed, to test one rule at a time on an otherwise real shape. */
function withAttributes(index: number, attributes: Record<string, string | undefined>): string {
  const doc = JSON.parse(items[index]!) as { product: { attributes: Record<string, string | undefined> } };
  Object.assign(doc.product.attributes, attributes);
  return JSON.stringify(doc);
}

function entry(over: Partial<PriceListEntry>): PriceListEntry {
  return { regionCode: 'us-east-1', component: 'hosting', instanceType: 'ml.g5.xlarge', usdPerHour: 1.408, usageType: '', sku: '', ...over };
}

describe('parsePriceListItems', () => {
  it('reads the on-demand hourly Hosting, Training and Notebook rates and nothing else', () => {
    const parsed = parsePriceListItems(items);
    expect(parsed.map((e) => [e.component, e.instanceType, e.usdPerHour])).toEqual([
      ['hosting', 'ml.g5.12xlarge', 7.09],
      ['hosting', 'ml.m5.xlarge', 0.23],
      ['hosting', 'ml.g6e.2xlarge', 2.8026],
      ['hosting', 'ml.p4d.24xlarge', 25.251],
      ['training', 'ml.g5.xlarge', 1.408],
      ['notebook', 'ml.t3.medium', 0.05],
    ]);
    expect(parsed[1]).toEqual({
      regionCode: 'us-east-1',
      component: 'hosting',
      instanceType: 'ml.m5.xlarge',
      usdPerHour: 0.23,
      usageType: 'USE1-Host:ml.m5.xlarge',
      sku: 'JDZQJFUVUR8SUWHS',
      publishedAt: '2026-10-05T21:21:51Z',
    });
  });

  it('never takes the HyperPod Cluster rate or the training-plan upfront fee for ml.p4d.24xlarge', () => {
    const p4d = parsePriceListItems(items).filter((e) => e.instanceType === 'ml.p4d.24xlarge');
    expect(p4d.map((e) => e.usdPerHour)).toEqual([25.251]);
  });

  it('skips rows outside an AWS Region, such as Outposts', () => {
    expect(parsePriceListItems([withAttributes(0, { locationType: 'AWS Outposts' })])).toEqual([]);
  });

  it('matches the component case-insensitively and takes the type from usagetype when instanceName is absent', () => {
    const parsed = parsePriceListItems([withAttributes(0, { component: 'hosting', instanceName: undefined })]);
    expect(parsed).toMatchObject([{ component: 'hosting', instanceType: 'ml.g5.12xlarge', usdPerHour: 7.09 }]);
  });

  it('skips zero-priced dimensions', () => {
    const free = items[0]!.replace('"7.0900000000"', '"0.0000000000"');
    expect(parsePriceListItems([free])).toEqual([]);
  });

  it('throws a typed error with the cause when an item is not JSON', () => {
    let err: unknown;
    try {
      parsePriceListItems([items[0]!, '{not json']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PriceListError);
    expect(err).toMatchObject({ code: 'PRICE_LIST_ITEM_NOT_JSON', message: expect.stringContaining('item 1') });
    expect((err as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it('throws when an item has no product attributes, because the wire format changed', () => {
    expect(() => parsePriceListItems(['{"terms":{}}'])).toThrow(expect.objectContaining({ code: 'PRICE_LIST_ITEM_MALFORMED' }));
  });
});

describe('buildPriceTable', () => {
  const accelerated = ['ml.g5.12xlarge', 'ml.p4d.24xlarge', 'ml.p5.48xlarge'];

  it('builds a valid table dated by the data, that the runtime lookup can read', () => {
    const table = buildPriceTable(parsePriceListItems(items), { now: NOW, acceleratedTypes: accelerated });
    expect(priceTableFileSchema.parse(table)).toEqual(table);
    expect(table.asOf).toBe('2026-10-05');
    expect(table.regions['us-east-1']).toEqual({
      hosting: { 'ml.g5.12xlarge': 7.09, 'ml.g6e.2xlarge': 2.8026, 'ml.m5.xlarge': 0.23, 'ml.p4d.24xlarge': 25.251 },
      notebook: { 'ml.t3.medium': 0.05 },
      training: { 'ml.g5.xlarge': 1.408 },
    });
    expect(table.provenance['us-east-1']?.hosting?.['ml.g5.12xlarge']).toBe('aws-price-list-api');
    expect(table.unsourced).toEqual({
      'us-east-1': { hosting: { 'ml.p5.48xlarge': expect.stringContaining('no on-demand Hosting rate') } },
    });
    expect(sagemakerListPrice('ml.g5.12xlarge', 'eu-west-1', 'hosting', table)).toMatchObject({
      hourly: { amount: 7.09, currency: 'USD' },
      region: 'us-east-1',
      asOf: '2026-10-05',
      source: 'AWS SageMaker AI on-demand list price',
    });
  });

  it('orders instance sizes naturally so refresh diffs stay small', () => {
    const table = buildPriceTable(
      [entry({ instanceType: 'ml.g5.12xlarge', usdPerHour: 7.09 }), entry({ instanceType: 'ml.g5.2xlarge', usdPerHour: 1.515 })],
      { now: NOW, acceleratedTypes: [] },
    );
    expect(Object.keys(table.regions['us-east-1']?.hosting ?? {})).toEqual(['ml.g5.2xlarge', 'ml.g5.12xlarge']);
  });

  it('leaves out a type with two different rates and says why', () => {
    const table = buildPriceTable(
      [entry({ usdPerHour: 1.408 }), entry({ usdPerHour: 1.41 }), entry({ instanceType: 'ml.m5.xlarge', usdPerHour: 0.23 })],
      { now: NOW, acceleratedTypes: ['ml.g5.xlarge'] },
    );
    expect(table.regions['us-east-1']?.hosting).toEqual({ 'ml.m5.xlarge': 0.23 });
    expect(table.unsourced['us-east-1']?.hosting?.['ml.g5.xlarge']).toMatch(/2 different on-demand Hosting rates \(\$1\.408\/h, \$1\.41\/h\)/);
  });

  it('dates the table by the retrieval day when no item carries a publicationDate', () => {
    expect(buildPriceTable([entry({})], { now: NOW, acceleratedTypes: [] }).asOf).toBe('2026-11-20');
  });

  it('refuses to build an empty table, so a failed refresh cannot wipe the prices', () => {
    expect(() => buildPriceTable([], { now: NOW, acceleratedTypes: [] })).toThrow(
      expect.objectContaining({ code: 'PRICE_LIST_EMPTY' }),
    );
  });

  it('renders two-space JSON with a trailing newline', () => {
    const text = renderPriceTable(buildPriceTable([entry({})], { now: NOW, acceleratedTypes: [] }));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "asOf": "2026-11-20",\n');
  });
});

describe('fetchSageMakerPriceList', () => {
  const pricing = mockClient(PricingClient);
  afterEach(() => pricing.reset());

  it('pages through NextToken with the region, family and component filters and returns plain JSON strings', async () => {
    // The SDK's schema serde returns each item as a LazyJsonString (a String object), not a primitive string.
    pricing
      .on(GetProductsCommand)
      .resolvesOnce({ PriceList: items.slice(0, 2).map((i) => LazyJsonString.from(i)) as unknown as string[], NextToken: 'page-2' })
      .resolvesOnce({ PriceList: items.slice(2, 3) });
    const client = new PricingClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } });

    const got = await fetchSageMakerPriceList(client, 'us-east-1', 'hosting');

    expect(got).toEqual(items.slice(0, 3));
    expect(got.every((i) => typeof i === 'string')).toBe(true);
    const calls = pricing.commandCalls(GetProductsCommand);
    expect(calls).toHaveLength(2);
    // The paginator reuses one input object and sets NextToken on it, so only the filters are compared here.
    expect(calls[0]!.args[0].input).toMatchObject({
      ServiceCode: 'AmazonSageMaker',
      FormatVersion: 'aws_v1',
      MaxResults: 100,
      Filters: [
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' },
        { Type: 'TERM_MATCH', Field: 'productFamily', Value: 'ML Instance' },
        { Type: 'TERM_MATCH', Field: 'component', Value: 'Hosting' },
      ],
    });
    expect(calls[1]!.args[0].input.NextToken).toBe('page-2');
  });
});
