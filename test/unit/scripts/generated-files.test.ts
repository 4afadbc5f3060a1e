import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED } from '../../../scripts/generate-schemas';

describe('files generated from the schemas', () => {
  it.each(Object.keys(GENERATED))('%s is committed up to date (run `npm run schema` after editing a schema)', (file) => {
    expect(readFileSync(file, 'utf8')).toBe(GENERATED[file]!());
  });

  it('the configuration reference lists every setting with its environment variable', () => {
    const doc = GENERATED['docs/configuration.md']!();
    expect(doc).toContain('`remediation.mode` | `WATCHDOG_REMEDIATION_MODE`');
    expect(doc).toContain('`detectors.idle-gpu.idleWindowHours` | `WATCHDOG_DETECTORS_IDLE_GPU_IDLE_WINDOW_HOURS`');
  });
});
