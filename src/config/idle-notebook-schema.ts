import { z } from 'zod';

/** `detectors.idle-notebook` of the config file (src/config/schema.ts). */
export const idleNotebookSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe('Report running notebooks (SageMaker notebook instances and Studio apps, Workbench instances, Azure ML compute instances) left idle, and ones without a native idle shutdown.'),
  minVcpus: z
    .number()
    .int()
    .min(1)
    .default(8)
    .describe('A CPU-only notebook counts when it has at least this many vCPUs; any accelerator always counts. Smaller notebooks are never reported.'),
  idleHours: z
    .number()
    .min(0.5)
    .max(168)
    .default(3)
    .describe('Hours without user activity before a notebook is idle, where the cloud reports user activity (SageMaker Studio, when LastUserActivityTimestamp is not just the health check).'),
  uptimeHours: z
    .number()
    .min(1)
    .max(720)
    .default(24)
    .describe('Hours running since the last start or change before a notebook counts as left on, where the cloud reports no user activity (notebook instances, Workbench, Azure compute instances).'),
  maxIdleShutdownMinutes: z
    .number()
    .int()
    .min(15)
    .default(180)
    .describe('Policy for the native idle shutdown: a running notebook with none, or a longer one, is reported as drift.'),
  reportIdleShutdownDrift: z.boolean().default(true).describe('Report running notebooks whose native idle shutdown is missing or longer than maxIdleShutdownMinutes.'),
});
