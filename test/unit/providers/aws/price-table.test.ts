import { describe, expect, it } from 'vitest';
import table from '../../../../data/prices/aws-sagemaker.json';
import { priceTableFileSchema } from '../../../../scripts/price-table-file';
import { isAcceleratedType, knownAwsInstanceTypes } from '../../../../src/providers/aws/instance-types';
import { sagemakerListPrice, type SageMakerComponent } from '../../../../src/providers/aws/price-table';

type Prices = NonNullable<Parameters<typeof sagemakerListPrice>[3]>;

/** A small table so the lookup rules are tested independently of today's prices. */
const prices: Prices = {
  source: 'Test list price; second part is not shown',
  asOf: '2026-01-02',
  currency: 'USD',
  regions: {
    'us-east-1': {
      hosting: { 'ml.g5.xlarge': 1.5, 'ml.g5.2xlarge': 2 },
      training: { 'ml.g5.xlarge': 1.4 },
    },
    'eu-west-1': {
      hosting: { 'ml.g5.xlarge': 1.7 },
      notebook: { 'ml.t3.medium': 0.06 },
    },
  },
};

describe('sagemakerListPrice lookups', () => {
  it('returns the price of the region asked for, with currency, source label and date', () => {
    expect(sagemakerListPrice('ml.g5.xlarge', 'eu-west-1', 'hosting', prices)).toEqual({
      hourly: { amount: 1.7, currency: 'USD' },
      region: 'eu-west-1',
      source: 'Test list price',
      asOf: '2026-01-02',
    });
  });

  it('falls back to us-east-1 for a region without a table, and says so in `region`', () => {
    const p = sagemakerListPrice('ml.g5.xlarge', 'ap-southeast-2', 'hosting', prices);
    expect(p?.hourly.amount).toBe(1.5);
    expect(p?.region).toBe('us-east-1');
  });

  it('falls back to us-east-1 when the region has a table but not this type', () => {
    const p = sagemakerListPrice('ml.g5.2xlarge', 'eu-west-1', 'hosting', prices);
    expect(p).toMatchObject({ hourly: { amount: 2 }, region: 'us-east-1' });
  });

  it('returns undefined for a type no region prices, instead of a guess', () => {
    expect(sagemakerListPrice('ml.p5.48xlarge', 'us-east-1', 'hosting', prices)).toBeUndefined();
    expect(sagemakerListPrice('ml.p5.48xlarge', 'eu-west-1', 'training', prices)).toBeUndefined();
    expect(sagemakerListPrice('not-a-type', 'us-east-1', 'hosting', prices)).toBeUndefined();
  });

  it('uses the component price when there is one and falls back to hosting in the same region', () => {
    expect(sagemakerListPrice('ml.g5.xlarge', 'us-east-1', 'training', prices)?.hourly.amount).toBe(1.4);
    expect(sagemakerListPrice('ml.g5.2xlarge', 'us-east-1', 'training', prices)?.hourly.amount).toBe(2);
    const notebook = sagemakerListPrice('ml.g5.xlarge', 'eu-west-1', 'notebook', prices);
    expect(notebook).toMatchObject({ hourly: { amount: 1.7 }, region: 'eu-west-1' });
  });

  it('defaults to the hosting component', () => {
    expect(sagemakerListPrice('ml.g5.xlarge', 'us-east-1', undefined, prices)?.hourly.amount).toBe(1.5);
  });
});

describe('shipped SageMaker price table', () => {
  const file = priceTableFileSchema.parse(table);
  const components: SageMakerComponent[] = ['hosting', 'notebook', 'training'];
  const entries = Object.entries(file.regions).flatMap(([region, byComponent]) =>
    components.flatMap((component) =>
      Object.entries(byComponent[component] ?? {}).map(([type, usdPerHour]) => ({ region, component, type, usdPerHour })),
    ),
  );

  it('has a dated USD table whose top-level asOf is the newest source date', () => {
    expect(file.currency).toBe('USD');
    expect(Number.isNaN(Date.parse(file.asOf))).toBe(false);
    for (const [key, s] of Object.entries(file.sources)) {
      if (s.asOf !== null) expect(s.asOf <= file.asOf, `${key} asOf ${s.asOf} is after the table's ${file.asOf}`).toBe(true);
    }
    expect(Object.values(file.sources).some((s) => s.asOf === file.asOf)).toBe(true);
  });

  it('prices every entry positively and plausibly (between $0.01 and $200 an hour)', () => {
    expect(entries.length).toBeGreaterThan(50);
    for (const e of entries) {
      expect(e.usdPerHour, `${e.region} ${e.component} ${e.type}`).toBeGreaterThan(0.01);
      expect(e.usdPerHour, `${e.region} ${e.component} ${e.type}`).toBeLessThan(200);
    }
  });

  it('covers us-east-1 plus at least us-west-2 and eu-west-1', () => {
    expect(Object.keys(file.regions)).toEqual(expect.arrayContaining(['us-east-1', 'us-west-2', 'eu-west-1']));
  });

  it('records a known source for every price and no provenance for prices that do not exist', () => {
    for (const e of entries) {
      const ref = file.provenance[e.region]?.[e.component]?.[e.type];
      expect(ref, `${e.region} ${e.component} ${e.type} has no provenance`).toBeDefined();
      for (const key of [ref ?? []].flat()) expect(file.sources[key], `unknown source ${key}`).toBeDefined();
    }
    const provenanceCount = Object.values(file.provenance).flatMap((byComponent) =>
      components.flatMap((c) => Object.keys(byComponent[c] ?? {})),
    ).length;
    expect(provenanceCount).toBe(entries.length);
  });

  it('prices every accelerated type for us-east-1 hosting or lists it as unsourced with a reason, never both', () => {
    const hosting = file.regions['us-east-1']?.hosting ?? {};
    const unsourced = file.unsourced['us-east-1']?.hosting ?? {};
    const accelerated = knownAwsInstanceTypes().filter(isAcceleratedType);
    expect(accelerated.length).toBeGreaterThan(40);
    for (const type of accelerated) {
      const priced = hosting[type] !== undefined;
      const reason = unsourced[type];
      expect(priced !== (reason !== undefined), `${type}: priced=${priced}, unsourced=${reason ?? 'no'}`).toBe(true);
    }
    for (const type of Object.keys(unsourced)) expect(isAcceleratedType(type), type).toBe(true);
  });

  it('answers lookups the detectors rely on from the shipped file', () => {
    expect(sagemakerListPrice('ml.g5.12xlarge', 'us-east-1')).toMatchObject({ hourly: { amount: 7.09, currency: 'USD' }, region: 'us-east-1' });
    // The date shown is the newest source behind that entry, never the table's newer date.
    expect(sagemakerListPrice('ml.g5.12xlarge', 'eu-west-1')?.asOf).toBe('2023-12');
    expect(sagemakerListPrice('ml.g5.12xlarge', 'eu-west-1')).toMatchObject({ hourly: { amount: 7.91 }, region: 'eu-west-1' });
    expect(sagemakerListPrice('ml.g5.xlarge', 'eu-central-1')).toMatchObject({ hourly: { amount: 1.408 }, region: 'us-east-1' });
    expect(sagemakerListPrice('ml.g5.xlarge', 'us-east-1', 'notebook')?.hourly.amount).toBe(1.41);
    expect(sagemakerListPrice('ml.p4d.24xlarge', 'us-east-1', 'training')?.hourly.amount).toBe(25.251);
    expect(sagemakerListPrice('ml.p5.48xlarge', 'us-east-1')).toBeUndefined();
    expect(sagemakerListPrice('ml.g5.12xlarge', 'us-east-1')?.source).toBe('AWS SageMaker AI on-demand list price');
  });
});
