import { z } from 'zod';

/** `detectors.endpoint-failure` of the config file (src/config/schema.ts). */
export const endpointFailureSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Report endpoints that fail: a failed state, server errors, or a latency regression.'),
  maxServerErrorRatePct: z
    .number()
    .min(0)
    .max(100)
    .default(5)
    .describe('5xx responses above this share of requests over the detail window make an endpoint failing.'),
  minRequests: z
    .number()
    .int()
    .min(1)
    .default(100)
    .describe('Judge the 5xx rate only with at least this many requests in the detail window (a few errors in a trickle are noise).'),
  latencyRegressionRatio: z
    .number()
    .min(1.1)
    .default(2)
    .describe('p95 model latency of the recent hours this many times its p95 earlier in the detail window is a regression.'),
  recentHours: z.number().min(0.25).max(24).default(1).describe('The recent part of the detail window that latency is judged on.'),
  minLatencyPoints: z
    .number()
    .int()
    .min(2)
    .default(6)
    .describe('Latency datapoints needed in each part (recent and earlier) before a regression is called.'),
});
