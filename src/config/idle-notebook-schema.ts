import { z } from 'zod';

/** `detectors.idle-notebook` of the config file (src/config/schema.ts). */
export const idleNotebookSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe('Report notebooks (SageMaker notebook instances and Studio apps, Vertex AI Workbench, Azure ML compute instances) running GPU or large CPU sizes with no activity, and missing or too long native idle shutdown.'),
  idleHours: z
    .number()
    .min(1)
    .max(24 * 30)
    .default(24)
    .describe('Running this long with no activity (or, where the cloud reports no activity, since its last start or change) makes a notebook idle.'),
  minVcpus: z.number().int().min(1).default(8).describe('CPU-only notebooks count from this many vCPUs; any accelerator always counts.'),
  maxIdleShutdownMinutes: z
    .number()
    .min(15)
    .max(24 * 60 * 7)
    .default(180)
    .describe('Policy for the native idle shutdown: missing, or longer than this, is drift (where the cloud reports the setting).'),
});
