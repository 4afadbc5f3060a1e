import { z } from 'zod';
import { FleetTimeSchema } from '../pattern-schema';

/**
 * An anomaly AWS Cost Anomaly Detection reports for the fleet's account. The fleet says what the monitor flagged
 * (which service, from when); the simulator derives the figures (expected and actual spend, impact, root causes per
 * usage type) from its own cost items, so they agree with what GetCostAndUsage answers.
 */
export const CostAnomalySchema = z.strictObject({
  id: z.string().min(1).max(64).optional().describe('AnomalyId; defaults to one derived from service and start'),
  service: z.string().min(1).describe('Cost Explorer SERVICE of the root cause, e.g. "Amazon SageMaker"'),
  start: FleetTimeSchema.describe('When the anomaly starts (its UTC day is AnomalyStartDate)'),
  end: FleetTimeSchema.optional().describe('When it ended; default: still running (AnomalyEndDate is the latest day with data)'),
  monitorName: z.string().min(1).max(64).default('Default-Services-Monitor'),
  feedback: z.enum(['YES', 'NO', 'PLANNED_ACTIVITY']).optional().describe('What a person answered in the console'),
});
