import type { BudgetOverrunFinding } from '../../domain/finding';
import { formatMoney } from '../../domain/money';
import type { AlertFact } from '../alert-view';
import type { KindDetails } from './kind-details';

/** One line for the CLI table: "$1,100 of $2,000 in 2026-11 (55%); forecast $3,000 (150%, run rate)". */
export function budgetOverrunLine(f: BudgetOverrunFinding): string {
  const e = f.evidence;
  const m = (amount: number) => formatMoney({ amount, currency: e.currency }, 0);
  const methods = e.forecast ? [...new Set(e.forecast.parts.map((p) => (p.method === 'cloud' ? `${p.cloud} forecast` : p.method === 'run-rate' ? 'run rate' : 'billed only')))].join(' + ') : '';
  const fc = e.forecast ? `; forecast ${m(e.forecast.total)} (${e.forecastPct!.toFixed(0)}%, ${methods})` : '';
  const others = e.otherCurrencies.length ? `; ${e.otherCurrencies.map((o) => o.currency).join(', ')} left out` : '';
  return `${m(e.actualToDate)} of ${m(e.amount)} in ${e.month} (${e.actualPct.toFixed(0)}%)${fc}${others}`;
}

export function budgetOverrunDetails(f: BudgetOverrunFinding): KindDetails {
  const e = f.evidence;
  const m = (amount: number) => formatMoney({ amount, currency: e.currency }, 0);
  const facts: AlertFact[] = [
    { label: 'Budget', value: `${e.budget}: ${m(e.amount)} a month (${e.scope})`, brief: true },
    { label: 'Month to date', value: `${m(e.actualToDate)} billed, ${e.actualPct.toFixed(0)}%${e.basis === 'actual' && e.overrun > 0 ? `, ${m(e.overrun)} over` : ''}`, brief: true },
  ];
  if (e.forecast) {
    facts.push({
      label: 'Forecast',
      value: `${m(e.forecast.total)} by month end (${m(e.forecast.low)} .. ${m(e.forecast.high)}), ${e.forecastPct!.toFixed(0)}%${e.basis === 'forecast' && e.overrun > 0 ? `, ${m(e.overrun)} over` : ''}`,
      brief: true,
    });
    // Each cloud's part says how it was made: the cloud's own forecast or our run rate, and why.
    for (const p of e.forecast.parts) facts.push({ label: `Forecast ${p.cloud}`, value: p.how.replace(/^\w+: /, '') });
  }
  facts.push({ label: 'Clouds', value: e.clouds.join(', ') || 'none with spend' });
  if (e.otherCurrencies.length) {
    facts.push({ label: 'Left out', value: `${e.otherCurrencies.map((o) => formatMoney({ amount: o.monthToDate, currency: o.currency }, 0)).join(', ')} billed in other currencies (never converted)` });
  }
  for (const n of e.notes) facts.push({ label: 'Note', value: n });
  return { kindLabel: `Budget ${e.basis === 'actual' ? 'threshold' : 'forecast'}`, facts };
}
