import type { FindingKind, FindingOf } from '../../domain/finding';
import type { Money } from '../../domain/money';
import type { AlertFact } from '../alert-view';

/** What only a finding kind knows; build-alert-view.ts adds the parts every alert shares. */
export interface KindDetails {
  /** "Idle GPU". */
  kindLabel: string;
  /** Kind-specific evidence, in reading order. Resource, location and owner are added around them. */
  facts: AlertFact[];
  /** Money already lost, when the kind can say (idle hours x hourly cost). */
  wastedSoFar?: Money;
}

export interface KindViewContext {
  /** The run's clock, for "3 h ago". */
  now: Date;
}

export type KindDetailsRenderer<K extends FindingKind> = (finding: FindingOf<K>, ctx: KindViewContext) => KindDetails;
