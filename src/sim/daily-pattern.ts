import { z } from 'zod';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * How a simulated extra cost line moves from day to day, shared by the three clouds' billing simulations: compound
 * growth per week (a log volume growing with traffic) and a weekend level (batch and training spend that runs on
 * weekdays), so scenarios can hold the ordinary patterns that cost detectors must not mistake for anomalies.
 */
export const DailyPatternFields = {
  growthPctPerWeek: z.number().min(-100).default(0).describe('Compound growth of the daily cost per week since `from` (or clock start)'),
  weekendFactor: z
    .number()
    .min(0)
    .default(1)
    .describe('Daily cost on Saturdays and Sundays (UTC) as a multiple of the weekday cost, e.g. 0.2 for weekday-heavy spend'),
};

export interface DailyPattern {
  growthPctPerWeek: number;
  weekendFactor: number;
}

/** Multiplier of the base daily cost on the UTC day starting at `dayMs`; growth is priced at the day's midpoint. */
export function dailyFactor(p: DailyPattern, dayMs: number, growthOriginMs: number): number {
  const weeks = (dayMs + DAY_MS / 2 - growthOriginMs) / WEEK_MS;
  const growth = Math.pow(1 + p.growthPctPerWeek / 100, weeks);
  const weekday = new Date(dayMs).getUTCDay();
  return growth * (weekday === 0 || weekday === 6 ? p.weekendFactor : 1);
}
