import { z } from 'zod';

/** `detectors.runaway-training` of the config file (src/config/schema.ts). */
export const runawayTrainingSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Report training jobs running far past their expected duration, or stuck starting.'),
  maxHours: z.number().min(1).max(24 * 90).default(72).describe('A job running longer than this is a runaway unless its family has its own maximum.'),
  maxHoursByFamily: z
    .record(z.string().min(1), z.number().min(0.25).max(24 * 90))
    .default({})
    .describe('Expected maximum hours per job family (e.g. { ft-llama-lora: 12 }).'),
  familyTag: z
    .string()
    .min(1)
    .max(128)
    .default('job-family')
    .describe('Tag/label naming a job\'s family; without it the family is the job name without its run suffix (llama3-8b-sft-run-17 -> llama3-8b-sft).'),
  startingMinutes: z
    .number()
    .min(5)
    .max(24 * 60)
    .default(60)
    .describe('A job still starting (queued, provisioning, preparing) this long after it was created is stuck (a GPU job normally starts within minutes to half an hour).'),
});
