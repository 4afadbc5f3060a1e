import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScheduledEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScanHandler } from '../../handlers/scan';
import { createConsoleNotifier } from '../../src/notify/console-notifier';
import { FileStateStore } from '../../src/state/file-state-store';
import { simHarness, type SimHarness } from '../support/sim-deps';

const event = JSON.parse(readFileSync('events/scan.schedule.json', 'utf8')) as ScheduledEvent;

describe('scan handler (hourly schedule)', () => {
  let h: SimHarness;
  let dir: string;
  let out: string;
  let handler: ReturnType<typeof makeScanHandler>;
  beforeAll(async () => {
    // A fixed mid-day instant: the second run is an hour later, which must not cross UTC midnight (a new billing day).
    h = await simHarness({ now: new Date('2026-11-18T10:00:00Z') });
    dir = mkdtempSync(join(tmpdir(), 'wd-scan-'));
    const store = new FileStateStore({ file: join(dir, 'state.json'), findingsTtlDays: 90, now: h.now });
    const notifier = createConsoleNotifier({ write: (s: string) => void (out += s) });
    const readers = h.readers(store);
    handler = makeScanHandler(async () => ({ config: h.config, readers, store, notifier, now: h.now }));
  });
  afterAll(async () => {
    await h.sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('alerts on the idle GPU endpoints once, then holds them back within the cooldown', async () => {
    out = '';
    const first = await handler(event);
    expect(first.findings).toBeGreaterThan(0);
    expect(first.alerted).toBe(first.findings);
    expect(first.degraded).toEqual([]);
    expect(out).toContain('ml.g5.12xlarge');
    expect(out).toMatch(/list price/i);

    h.sim.clock.advance(60 * 60 * 1000);
    out = '';
    const second = await handler(event);
    expect(second.findings).toBe(first.findings);
    expect(second.alerted).toBe(0);
    expect(second.suppressed).toBe(first.findings);
    expect(out).toBe('');
  });

  it('alerts again after the cooldown, and Cost Explorer is served from the cache in between', async () => {
    const ceCalls = h.sim.calls()['CostExplorer.GetCostAndUsage'] ?? 0;
    h.sim.clock.advance(25 * 60 * 60 * 1000);
    out = '';
    const third = await handler(event);
    expect(third.alerted).toBeGreaterThan(0);
    // 26 h after the first run the 6 h cache has expired: CE is asked again, but only once per query (each query
    // pages: 30 days of the cost-anomaly baseline are 2 pages by service and 3 by owner at the simulator's 100 groups).
    expect((h.sim.calls()['CostExplorer.GetCostAndUsage'] ?? 0) - ceCalls).toBeLessThanOrEqual(6);
  });
});
