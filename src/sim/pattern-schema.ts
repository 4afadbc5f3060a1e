import { z } from 'zod';
import { isFleetTime } from './clock';

/** "now", "-72h", "+30m", "-2.5d", "-1w" (relative to the simulator's clock start) or an ISO 8601 date-time. */
export const FleetTimeSchema = z
  .string()
  .refine(isFleetTime, { message: 'expected an ISO 8601 date-time or a time relative to the clock start like "-72h", "-30d", "-90m"' })
  .describe('ISO 8601 date-time, "now", or relative to the simulator clock start: "-72h", "-30d", "-90m", "-1w", "+2h"');

const Pct = z.number().min(0).max(100);
const PerMinute = z.number().min(0).describe('Mean InvokeEndpoint requests per minute');

const Idle = z
  .strictObject({
    type: z.literal('idle'),
    gpuUtilPct: Pct.default(0).describe('Per-GPU utilisation while idle (background noise), 0..100'),
  })
  .describe('Never any traffic. Instance metrics are still emitted while instances run.');

const Steady = z
  .strictObject({
    type: z.literal('steady'),
    invocationsPerMinute: PerMinute,
    gpuUtilPct: Pct.describe('Per-GPU utilisation under this load, 0..100'),
  })
  .describe('Constant traffic around the clock.');

const BusinessHours = z
  .strictObject({
    type: z.literal('business-hours'),
    tzOffsetHours: z.number().min(-12).max(14).default(0).describe('Offset of the team time zone from UTC, e.g. -5'),
    startHour: z.number().int().min(0).max(23).default(9),
    endHour: z.number().int().min(1).max(24).default(18).describe('Exclusive'),
    weekdaysOnly: z.boolean().default(true),
    invocationsPerMinute: PerMinute,
    gpuUtilPct: Pct.describe('Per-GPU utilisation during business hours'),
  })
  .refine((p) => p.endHour > p.startHour, { message: 'endHour must be after startHour', path: ['endHour'] })
  .describe('Traffic during local working hours only; zero invocations (not missing datapoints) outside them.');

const Bursty = z
  .strictObject({
    type: z.literal('bursty'),
    meanInvocationsPerMinute: PerMinute,
    burstProbability: z.number().gt(0).max(1).describe('Chance that a given minute is a burst minute'),
    gpuUtilPct: Pct.default(60).describe('Per-GPU utilisation during a burst minute'),
  })
  .describe('Independent burst minutes carrying all the traffic; quiet minutes have zero invocations.');

export type TrafficPatternInput =
  | z.input<typeof Idle>
  | z.input<typeof Steady>
  | z.input<typeof BusinessHours>
  | z.input<typeof Bursty>
  | { type: 'abandoned'; at: string; before: TrafficPatternInput }
  | { type: 'failing'; since: string; errorRatePct: number; base: TrafficPatternInput };

export type TrafficPattern =
  | z.output<typeof Idle>
  | z.output<typeof Steady>
  | z.output<typeof BusinessHours>
  | z.output<typeof Bursty>
  | { type: 'abandoned'; at: string; before: TrafficPattern }
  | { type: 'failing'; since: string; errorRatePct: number; base: TrafficPattern };

const Abandoned = z
  .strictObject({
    type: z.literal('abandoned'),
    at: FleetTimeSchema.describe('When traffic stopped for good'),
    get before(): z.ZodType<TrafficPattern, TrafficPatternInput> {
      return TrafficPatternSchema;
    },
  })
  .describe('Follows `before` until `at`, then zero invocations forever; GPU utilisation drops to near 0 but instance metrics keep coming while the instances run (and bill).');

const Failing = z
  .strictObject({
    type: z.literal('failing'),
    since: FleetTimeSchema.describe('When the errors started'),
    errorRatePct: Pct.describe('Share of invocations answered with 5XX after `since`'),
    get base(): z.ZodType<TrafficPattern, TrafficPatternInput> {
      return TrafficPatternSchema;
    },
  })
  .describe('Traffic of `base`, with a share of it failing (Invocation5XXErrors) from `since`.');

export const TrafficPatternSchema: z.ZodType<TrafficPattern, TrafficPatternInput> = z
  .discriminatedUnion('type', [Idle, Steady, BusinessHours, Bursty, Abandoned, Failing])
  .meta({ id: 'TrafficPattern' })
  .describe('Traffic and utilisation over time.');

export const METRIC_GAP_METRICS = [
  'Invocations',
  'Invocation4XXErrors',
  'Invocation5XXErrors',
  'ModelLatency',
  'GPUUtilization',
  'GPUMemoryUtilization',
  'CPUUtilization',
  'MemoryUtilization',
] as const;

export const MetricsGapsSchema = z
  .strictObject({
    dropPct: Pct.describe('Share of datapoints dropped (deterministically) from the CloudWatch answers, 0..100'),
    metrics: z
      .array(z.enum(METRIC_GAP_METRICS))
      .min(1)
      .optional()
      .describe('Metrics affected; all when omitted'),
  })
  .describe('Drop CloudWatch datapoints so coverage logic (missing is unknown, not zero) can be exercised.');
export type MetricsGaps = z.output<typeof MetricsGapsSchema>;
