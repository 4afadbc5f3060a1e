import { z } from 'zod';

/** `detectors.runaway-training` of the config file (src/config/schema.ts). */
export const runawayTrainingSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Report training jobs running far past their expected duration, or stuck starting.'),
  maxHours: z
    .number()
    .min(1)
    .max(24 * 90)
    .default(72)
    .describe('A job running longer than this is a runaway unless its family has its own maximum (the ceiling for families learnt from history too).'),
  maxHoursByFamily: z
    .record(z.string().min(1), z.number().min(0.25).max(24 * 90))
    .default({})
    .describe('Expected maximum hours per job family (e.g. { ft-llama-lora: 12 }); wins over the history and the default.'),
  familyTag: z
    .string()
    .min(1)
    .max(128)
    .default('job-family')
    .describe("Tag/label naming a job's family; without it the family is the job name without its run suffix (llama3-8b-sft-run-17 -> llama3-8b-sft)."),
  medianMultiple: z
    .number()
    .min(1.5)
    .max(20)
    .default(3)
    .describe("A job running longer than this many times the median duration of its family's earlier successful runs is a runaway."),
  minHistoryRuns: z
    .number()
    .int()
    .min(2)
    .max(100)
    .default(3)
    .describe('Earlier successful runs of a family needed before its median counts (fewer: only the configured maximum applies).'),
  historyDays: z
    .number()
    .int()
    .min(1)
    .max(180)
    .default(30)
    .describe('How far back the readers list successful runs (created within this many days); they list none while the detector is off.'),
  minExpectedHours: z
    .number()
    .min(0)
    .max(24)
    .default(1)
    .describe('The history-derived limit is never below this: minute-long families jitter a lot and cost little.'),
  startingMinutes: z
    .number()
    .min(5)
    .max(24 * 60)
    .default(60)
    .describe('A job still starting (queued, provisioning, preparing, downloading) this long after it was created is stuck.'),
});
