import type { UnattributedSpendFinding, UntaggedResource } from '../../domain/finding';
import { formatMoney } from '../../domain/money';
import type { AlertFact } from '../alert-view';
import type { KindDetails } from './kind-details';

/** "3 untagged: churn-model (endpoint, us-east-1), ... and 2 more". */
export function untaggedResourcesText(e: Pick<UnattributedSpendFinding['evidence'], 'resources' | 'resourceCount'>): string {
  if (e.resourceCount === 0) return 'none: every ML resource found carries the tag';
  const named = e.resources.map((r: UntaggedResource) => `${r.name} (${r.kind}, ${r.region})`).join(', ');
  const more = e.resourceCount - e.resources.length;
  return `${e.resourceCount}: ${named}${more > 0 ? ` and ${more} more` : ''}`;
}

/** Evidence of unattributed spend: how much of the ML spend has no owner, and which resources lack the tag. */
export function unattributedSpendDetails(f: UnattributedSpendFinding): KindDetails {
  const e = f.evidence;
  const m = (amount: number) => formatMoney({ amount, currency: e.currency }, 2);
  const facts: AlertFact[] = [{ label: 'Tag', value: e.tagKey, brief: true }];
  if (e.source === 'billed-owner-breakdown') {
    facts.push({
      label: 'Untagged spend',
      value: `${m(e.untaggedSpend)} of ${m(e.totalSpend)} ML platform spend (${(e.sharePct ?? 0).toFixed(0)}%) over ${e.period![0]} .. ${e.period![1]}`,
      brief: true,
    });
  } else {
    facts.push({ label: 'Untagged spend', value: `no billed owner breakdown was read; running untagged resources cost about ${m(e.untaggedSpend)}/month`, brief: true });
  }
  facts.push({ label: 'Untagged resources', value: untaggedResourcesText(e) });
  if (e.tagNotInBilling) facts.push({ label: 'Why', value: 'resources are tagged but the bill is not: the tag is not (yet) in the billing data' });
  return { kindLabel: 'Unattributed spend', facts };
}
