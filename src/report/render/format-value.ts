/**
 * Chart value formatting from a ChartSpec unit: an ISO 4217 code is money (Intl currency), anything else is a word
 * after the number ("12 ms", "40 %"). Axis labels use the compact form ("$12K") so long figures fit a phone.
 */
export interface ValueFormatter {
  full(value: number): string;
  compact(value: number): string;
}

export function valueFormatter(unit: string): ValueFormatter {
  const currency = /^[A-Z]{3}$/.test(unit) ? currencyCode(unit) : undefined;
  if (currency) {
    const full = new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 2 });
    const compact = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      notation: 'compact',
      minimumFractionDigits: 0,
      maximumFractionDigits: 1,
    });
    return { full: (v) => full.format(v), compact: (v) => compact.format(v) };
  }
  const full = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
  const suffix = unit.trim() === '' ? '' : ` ${unit.trim()}`;
  return { full: (v) => `${full.format(v)}${suffix}`, compact: (v) => `${compact.format(v)}${suffix}` };
}

/** Three capital letters that Intl knows as a currency; "GPU" or "CPU" stay plain units. */
function currencyCode(code: string): string | undefined {
  const known = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('currency');
  return known === undefined || known.includes(code) ? code : undefined;
}
