import { median, medianAbsoluteDeviation } from 'simple-statistics';

/**
 * A robust baseline for one day of spend, and the judgement of that day against it (cost-anomaly).
 *
 * - Weekly seasonality: the baseline is the median of the SAME weekday over the previous weeks (training and batch
 *   jobs run on weekdays, so a Monday is compared with Mondays). With too few of those (a young account, a billing
 *   export enabled last week), the median of the previous days stands in.
 * - Robust: median and MAD (scaled by 1.4826 to match a standard deviation under normal noise) ignore a single
 *   earlier spike, where a mean and standard deviation would be dragged by it.
 * - A flat series has MAD 0, which would make every cent an infinite z-score: the MAD never counts as less than a
 *   share of the median (madFloorPct) nor less than one currency unit.
 */

export const MAD_SCALE = 1.4826;
const DAY_MS = 86_400_000;
/** Days before a judged day whose median is its recent level (see `recentLevel`), and how many must be known. */
const RECENT_LEVEL_DAYS = 7;
const RECENT_LEVEL_MIN_DAYS = 4;

/** A day's billed spend of one scope, or undefined when the cloud has no data for that day (unknown, not zero). */
export type DailySpend = (day: string) => number | undefined;

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export interface BaselinePolicy {
  baselineWeeks: number;
  minSameWeekdays: number;
  recentDays: number;
  minHistoryDays: number;
  madFloorPct: number;
}

export interface Baseline {
  median: number;
  scaledMad: number;
  method: 'same-weekday' | 'recent-days';
  days: string[];
}

function summarise(spend: DailySpend, days: string[], method: Baseline['method'], madFloorPct: number): Baseline {
  const values = days.map((d) => spend(d)!);
  const m = median(values);
  const mad = values.length > 1 ? medianAbsoluteDeviation(values) : 0;
  const scaledMad = Math.max(MAD_SCALE * mad, (madFloorPct / 100) * m, 1);
  return { median: m, scaledMad, method, days };
}

/** The baseline of `day`, or undefined when the history is too short to judge it. */
export function baselineFor(spend: DailySpend, day: string, p: BaselinePolicy): Baseline | undefined {
  const sameWeekday: string[] = [];
  for (let w = 1; w <= p.baselineWeeks; w++) {
    const d = addDays(day, -7 * w);
    if (spend(d) !== undefined) sameWeekday.push(d);
  }
  if (sameWeekday.length >= p.minSameWeekdays) return summarise(spend, sameWeekday, 'same-weekday', p.madFloorPct);
  const recent: string[] = [];
  for (let i = 1; i <= p.recentDays; i++) {
    const d = addDays(day, -i);
    if (spend(d) !== undefined) recent.push(d);
  }
  return recent.length >= p.minHistoryDays ? summarise(spend, recent, 'recent-days', p.madFloorPct) : undefined;
}

/**
 * Median of the previous week's known days: where spend has sat for several days already. A jump that has held for
 * about half a week is the new level (a new endpoint that kept running): it was reported while it was new, and from
 * then on the budget checks watch it. Undefined with fewer than 4 known days.
 */
export function recentLevel(spend: DailySpend, day: string): number | undefined {
  const values: number[] = [];
  for (let i = 1; i <= RECENT_LEVEL_DAYS; i++) {
    const v = spend(addDays(day, -i));
    if (v !== undefined) values.push(v);
  }
  return values.length >= RECENT_LEVEL_MIN_DAYS ? median(values) : undefined;
}

export interface Thresholds {
  zScore: number;
  minDailyDelta: number;
  minRatio: number;
}

export interface DayJudgement {
  day: string;
  spend: number;
  baseline: Baseline;
  excess: number;
  zScore: number;
  /** spend / baseline median; Infinity when the median is 0. */
  ratio: number;
  anomalous: boolean;
}

const ratioOf = (spend: number, base: number) => (base > 0 ? spend / base : spend > 0 ? Infinity : 1);

/**
 * Judges one day. Anomalous means ALL of: a robust z-score of at least `zScore`, at least `minDailyDelta` above the
 * baseline, at least `minRatio` times it, and above the recent level by the same delta and ratio (so a level that has
 * already held for days is not news). Undefined when the day's spend or its baseline is unknown.
 */
export function judgeDay(spend: DailySpend, day: string, p: BaselinePolicy & Thresholds): DayJudgement | undefined {
  const value = spend(day);
  if (value === undefined) return undefined;
  const baseline = baselineFor(spend, day, p);
  if (!baseline) return undefined;
  const excess = value - baseline.median;
  const zScore = excess / baseline.scaledMad;
  const ratio = ratioOf(value, baseline.median);
  const level = recentLevel(spend, day);
  const aboveLevel = level === undefined || (value - level >= p.minDailyDelta && ratioOf(value, level) >= p.minRatio);
  const anomalous = zScore >= p.zScore && excess >= p.minDailyDelta && ratio >= p.minRatio && aboveLevel;
  return { day, spend: value, baseline, excess, zScore, ratio, anomalous };
}

/** First day of the run of anomalous days that ends on `day` (which must be anomalous), walking back at most `maxDays`. */
export function runStart(spend: DailySpend, day: string, p: BaselinePolicy & Thresholds, maxDays = 14): string {
  let start = day;
  for (let i = 0; i < maxDays; i++) {
    const prev = addDays(start, -1);
    if (!judgeDay(spend, prev, p)?.anomalous) break;
    start = prev;
  }
  return start;
}
