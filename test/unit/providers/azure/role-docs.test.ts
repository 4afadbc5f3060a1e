import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AZURE_READER_ACTIONS } from '../../../../src/providers/azure/reader-permissions';
import { azureRemediationRoleActions, UNVERIFIED_AZURE_ACTIONS } from '../../../../src/providers/azure/remediation';

const DEPLOY = readFileSync(join(__dirname, '../../../../docs/deploy.md'), 'utf8');
const azureSection = DEPLOY.slice(DEPLOY.indexOf('## Azure'), DEPLOY.indexOf('## Removing the stack'));

/**
 * The table abbreviates a row's repeated prefix as `.../<tail>`: the tail continues the row's first full name from
 * the tail's first segment (`.../computes/stop/action`), or replaces as many trailing segments (`.../environments/read`).
 */
function expand(full: string, tail: string): string {
  const base = full.split('/');
  const rest = tail.split('/');
  const at = base.indexOf(rest[0]!);
  return [...base.slice(0, at >= 0 ? at : base.length - rest.length), ...rest].join('/');
}

function documentedActions(section: string): Set<string> {
  const found = new Set<string>();
  for (const row of section.split('\n').filter((l) => l.startsWith('| `'))) {
    const names = [...row.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    const full = names.find((n) => n.startsWith('Microsoft.')) ?? '';
    for (const n of names) {
      if (n.startsWith('Microsoft.')) found.add(n);
      else if (n.startsWith('.../')) found.add(expand(full, n.slice(4)));
    }
  }
  return found;
}

describe('docs/deploy.md, Azure role assignments', () => {
  it('expands abbreviated action names', () => {
    const ws = 'Microsoft.MachineLearningServices/workspaces';
    expect(expand(`${ws}/computes/read`, 'computes/stop/action')).toBe(`${ws}/computes/stop/action`);
    expect(expand(`${ws}/models/read`, 'environments/read')).toBe(`${ws}/environments/read`);
    expect(expand('Microsoft.MachineLearningServices/locations/a/read', 'locations/b/read')).toBe('Microsoft.MachineLearningServices/locations/b/read');
  });

  const documented = documentedActions(azureSection);

  it('lists every action the reader needs', () => {
    for (const a of AZURE_READER_ACTIONS) expect(documented.has(a), a).toBe(true);
  });

  it('lists every action the remediator declares, and marks the unconfirmed ones', () => {
    for (const a of azureRemediationRoleActions()) expect(documented.has(a), a).toBe(true);
    for (const a of UNVERIFIED_AZURE_ACTIONS) {
      const row = azureSection.split('\n').find((l) => l.includes(a.slice(a.indexOf('/', a.indexOf('/') + 1))))!;
      expect(row, a).toContain('⚠️');
    }
  });
});
