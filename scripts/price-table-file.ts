/**
 * The shape of data/prices/aws-sagemaker.json, shared by the refresher (which writes it) and the data test (which
 * checks the hand-curated file). `regions` is the part src/providers/aws/price-table.ts reads; `sources`,
 * `provenance`, `unsourced` and `notes` say where every figure came from and why a type has none.
 */
import { z } from 'zod';

/** YYYY-MM-DD. */
export const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** An `ml.<family>.<size>` SageMaker instance type; families may contain '-' (ml.p6-b200.48xlarge). */
export const INSTANCE_TYPE = /^ml\.[a-z0-9-]+\.[a-z0-9]+$/;
const priceMap = z.record(z.string().regex(INSTANCE_TYPE), z.number().positive().finite());
const provenanceRef = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const byComponent = <T extends z.ZodType>(value: T) =>
  z.object({ hosting: value.optional(), notebook: value.optional(), training: value.optional() }).strict();

/** Shape of data/prices/aws-sagemaker.json. `regions` is what src/providers/aws/price-table.ts reads. */
export const priceTableFileSchema = z
  .object({
    source: z.string().min(1),
    asOf: z.string().regex(DAY),
    currency: z.literal('USD'),
    regions: z.record(z.string(), byComponent(priceMap)),
    sources: z.record(
      z.string(),
      z
        .object({
          title: z.string().min(1),
          url: z.string().url().optional(),
          via: z.string().optional(),
          /** YYYY-MM-DD, YYYY-MM, or null when the source itself is undated. */
          asOf: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/).nullable(),
          note: z.string().optional(),
        })
        .strict(),
    ),
    provenance: z.record(z.string(), byComponent(z.record(z.string(), provenanceRef))),
    unsourced: z.record(z.string(), byComponent(z.record(z.string().regex(INSTANCE_TYPE), z.string().min(1)))),
    notes: z.array(z.string().min(1)),
  })
  .strict();
export type PriceTableFile = z.infer<typeof priceTableFileSchema>;

/** The file text: two-space JSON with a trailing newline, so a refresh diff shows only changed prices. */
export function renderPriceTable(table: PriceTableFile): string {
  return `${JSON.stringify(priceTableFileSchema.parse(table), null, 2)}\n`;
}
