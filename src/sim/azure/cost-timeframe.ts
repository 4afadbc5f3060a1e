import { badRequest } from './cost-error';

export type Granularity = 'Daily' | 'Monthly' | 'None';

export const DAY_MS = 86_400_000;

/** Whole UTC days, both inclusive (Cost Management works in days: `to` 2026-11-30T00:00 still covers Nov 30). */
export interface DayRange {
  fromDayMs: number;
  toDayMs: number;
}

export const TIMEFRAMES = ['Custom', 'MonthToDate', 'BillingMonthToDate', 'TheLastMonth', 'TheLastBillingMonth', 'WeekToDate', 'TheLast7Days', 'YearToDate'] as const;

/** Longest Daily query (Azure: 31 days) and Monthly / None query (12 months; modelled as 366 days). */
export const MAX_DAILY_DAYS = 31;
export const MAX_TOTAL_DAYS = 366;

const dayOf = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const monthStart = (y: number, m: number) => Date.UTC(y, m, 1);

/**
 * Resolves `timeframe` (+ `timePeriod` for Custom) at virtual time `nowMs` into inclusive UTC days and checks the
 * span Azure allows for the granularity. Billing months are modelled as calendar months (true for pay-as-you-go
 * and MCA subscriptions; EA billing periods can differ ⚠️). WeekToDate starts on Monday ⚠️ and TheLast7Days is
 * today and the 6 days before ⚠️ (neither verified against the service).
 */
export function costTimeframe(timeframe: unknown, timePeriod: unknown, nowMs: number, granularity: Granularity): DayRange {
  const tf = TIMEFRAMES.find((t) => typeof timeframe === 'string' && t.toLowerCase() === timeframe.toLowerCase());
  if (!tf) throw badRequest(`Invalid timeframe: '${String(timeframe)}'; valid values: ${TIMEFRAMES.map((t) => `'${t}'`).join(',')}`);
  const today = dayOf(nowMs);
  const d = new Date(today);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  let range: DayRange;
  switch (tf) {
    case 'Custom':
      range = customRange(timePeriod);
      break;
    case 'MonthToDate':
    case 'BillingMonthToDate':
      range = { fromDayMs: monthStart(y, m), toDayMs: today };
      break;
    case 'TheLastMonth':
    case 'TheLastBillingMonth':
      range = { fromDayMs: monthStart(y, m - 1), toDayMs: monthStart(y, m) - DAY_MS };
      break;
    case 'WeekToDate':
      range = { fromDayMs: today - ((d.getUTCDay() + 6) % 7) * DAY_MS, toDayMs: today };
      break;
    case 'TheLast7Days':
      range = { fromDayMs: today - 6 * DAY_MS, toDayMs: today };
      break;
    case 'YearToDate':
      range = { fromDayMs: Date.UTC(y, 0, 1), toDayMs: today };
      break;
  }
  const days = (range.toDayMs - range.fromDayMs) / DAY_MS + 1;
  // ⚠️ wording unverified; the limits themselves are documented (manage-automation: daily 31 days, else 1 year).
  if (granularity === 'Daily' && days > MAX_DAILY_DAYS) {
    throw badRequest(`The time period for pulling the data cannot exceed ${MAX_DAILY_DAYS} days for daily granularity; requested ${days} days.`);
  }
  if (days > MAX_TOTAL_DAYS) throw badRequest(`The time period for pulling the data cannot exceed 1 year(s); requested ${days} days.`);
  return range;
}

function customRange(timePeriod: unknown): DayRange {
  if (typeof timePeriod !== 'object' || timePeriod === null) throw badRequest("TimePeriod is required when timeframe is 'Custom'.");
  const tp = timePeriod as Record<string, unknown>;
  const parse = (v: unknown, field: string) => {
    const ms = typeof v === 'string' ? Date.parse(v) : NaN;
    if (!Number.isFinite(ms)) throw badRequest(`Invalid timePeriod.${field}: '${String(v)}'.`);
    return dayOf(ms);
  };
  const fromDayMs = parse(tp.from, 'from');
  const toDayMs = parse(tp.to, 'to');
  if (toDayMs < fromDayMs) throw badRequest("The 'to' date of the time period must be on or after the 'from' date.");
  return { fromDayMs, toDayMs };
}
