import type { BudgetOverrunFinding } from '../../domain/finding';
import { formatMoney } from '../../domain/money';
import type { AlertFact } from '../alert-view';
import type { KindDetails } from './kind-details';

/** One line for the CLI table. */
export function budgetOverrunLine(f: BudgetOverrunFinding): string {
  const e = f.evidence;
  const m = (amount: number) => formatMoney({ amount, currency: e.currency }, 0);
  const fc = e.forecast ? `; forecast ${m(e.forecast.total)} (${e.forecastPct!.toFixed(0)}%)` : '';
  return `${e.clouds.join('+') || 'no spend'}: ${m(e.actualToDate)} of ${m(e.amount)} in ${e.month} (${e.actualPct.toFixed(0)}%)${fc}`;
}

export function budgetOverrunDetails(f: BudgetOverrunFinding): KindDetails {
  const e = f.evidence;
  const m = (amount: number) => formatMoney({ amount, currency: e.currency }, 0);
  const facts: AlertFact[] = [
    { label: 'Budget', value: `${e.budget}: ${m(e.amount)} a month (${e.scope})`, brief: true },
    { label: 'Month to date', value: `${m(e.actualToDate)} billed, ${e.actualPct.toFixed(0)}%`, brief: true },
  ];
  if (e.forecast) facts.push({ label: 'Forecast', value: `${m(e.forecast.total)} (${m(e.forecast.low)} .. ${m(e.forecast.high)}), ${e.forecastPct!.toFixed(0)}%`, brief: true });
  facts.push({ label: 'Clouds', value: e.clouds.join(', ') || 'none with spend' });
  if (e.otherCurrencies.length) facts.push({ label: 'Left out', value: `spend billed in ${e.otherCurrencies.join(', ')} (never converted)` });
  return { kindLabel: `Budget ${e.basis === 'actual' ? 'threshold' : 'forecast'}`, facts };
}
