import { stat } from 'node:fs/promises';
import {
  addDays,
  alertFromJson,
  alertToJson,
  compareFindings,
  findingFromJson,
  findingToJson,
  lastByKey,
  toIso,
  toJsonValue,
  validateGenericItem,
  validateMarkSent,
} from './records';
import { applyItemUpdate, conditionHolds, itemQuery, itemUpdate, selectItems } from './generic-items';
import { corrupt, readStateDoc, writeStateDoc, type StateDoc } from './state-file';
import { StateError } from './state-error';
import type { AlertRecord, FindingRecord, ItemCondition, ListFindingsOptions, QueriedItem, QueryItemsOptions, StateStore, StoredFinding } from './state-store';

export interface FileStateStoreOptions {
  /** Path of the JSON document, e.g. `.watchdog/state.json`; its folder is created on first write. */
  file: string;
  findingsTtlDays: number;
  /** Clock for pruning expired history and cache entries. */
  now: () => Date;
}

/**
 * The embedded default for the CLI: one JSON document, rewritten atomically (temp file + rename) on every
 * change. Operations run one at a time within the process, so markSent's check-and-set is atomic here; two
 * processes writing the same file at once are not coordinated (the CLI runs one scan at a time; Lambda uses
 * DynamoDB). A corrupt file is reported and never overwritten.
 */
export class FileStateStore implements StateStore {
  private queue: Promise<unknown> = Promise.resolve();
  private cached: { stamp: string; doc: StateDoc } | undefined;

  constructor(private readonly opts: FileStateStoreOptions) {}

  /** Runs `op` after every earlier operation settles (a failure does not block the queue). */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const result = this.queue.then(op, op);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async stamp(): Promise<string> {
    try {
      const s = await stat(this.opts.file);
      return `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      return 'absent';
    }
  }

  /** Re-reads only when the file changed on disk (another process, or a person editing it). */
  private async load(): Promise<StateDoc> {
    const stamp = await this.stamp();
    if (this.cached?.stamp === stamp) return this.cached.doc;
    this.cached = undefined;
    const doc = await readStateDoc(this.opts.file);
    this.cached = { stamp, doc };
    return doc;
  }

  private read<T>(fn: (doc: StateDoc) => T): Promise<T> {
    return this.serial(async () => {
      const doc = await this.load();
      try {
        return fn(doc);
      } catch (err) {
        // A hand-edited record is a corrupt file from the user's point of view: say which file.
        if (err instanceof StateError && err.code === 'STATE_RECORD_INVALID') throw corrupt(this.opts.file, err.message, err);
        throw err;
      }
    });
  }

  /** `fn` mutates the document and returns [result, changed]; unchanged documents are not rewritten. */
  private write<T>(fn: (doc: StateDoc) => [T, boolean]): Promise<T> {
    return this.serial(async () => {
      const doc = await this.load();
      // The cached document is mutated in place: drop it until the write lands so a failure cannot leak
      // unsaved changes into later reads.
      this.cached = undefined;
      const [result, changed] = fn(doc);
      if (changed) {
        this.prune(doc);
        await writeStateDoc(this.opts.file, doc);
      }
      this.cached = { stamp: await this.stamp(), doc };
      return result;
    });
  }

  /** The file's equivalent of DynamoDB TTL: expired history, cache entries and items are dropped on write. */
  private prune(doc: StateDoc): void {
    const now = this.opts.now();
    const oldestRun = toIso(addDays(now, -this.opts.findingsTtlDays));
    const nowIso = toIso(now);
    doc.findings = doc.findings.filter((f) => f.runAt > oldestRun);
    for (const [fp, alert] of Object.entries(doc.alerts)) if (alert.lastSeenAt <= oldestRun) delete doc.alerts[fp];
    for (const [key, entry] of Object.entries(doc.cache)) if (entry.expiresAt <= nowIso) delete doc.cache[key];
    const nowSeconds = now.getTime() / 1000;
    for (const [key, entry] of Object.entries(doc.items)) {
      const expiresAt = entry.item.expiresAt;
      if (typeof expiresAt === 'number' && expiresAt <= nowSeconds) delete doc.items[key];
    }
  }

  async getAlert(fingerprint: string): Promise<AlertRecord | undefined> {
    return this.read((doc) => {
      const json = doc.alerts[fingerprint];
      return json ? alertFromJson({ ...json }) : undefined;
    });
  }

  async getAlerts(fingerprints: readonly string[]): Promise<Map<string, AlertRecord>> {
    return this.read((doc) => {
      const out = new Map<string, AlertRecord>();
      for (const fp of fingerprints) {
        const json = doc.alerts[fp];
        if (json) out.set(fp, alertFromJson({ ...json }));
      }
      return out;
    });
  }

  async markSent(rec: AlertRecord, expectedLastSentAt: Date | undefined): Promise<boolean> {
    validateMarkSent(rec);
    const next = alertToJson(rec);
    const expected = expectedLastSentAt ? toIso(expectedLastSentAt) : undefined;
    return this.write((doc) => {
      const current = doc.alerts[rec.fingerprint];
      if (current?.lastSentAt !== expected) return [false, false];
      const merged = { ...next, firstSeenAt: current?.firstSeenAt ?? next.firstSeenAt };
      delete merged.snoozedUntil;
      if (current?.snoozedUntil) merged.snoozedUntil = current.snoozedUntil;
      doc.alerts[rec.fingerprint] = merged;
      return [true, true];
    });
  }

  async releaseSent(fingerprint: string, claimedAt: Date, previous: AlertRecord | undefined): Promise<boolean> {
    const claimed = toIso(claimedAt);
    return this.write((doc) => {
      const current = doc.alerts[fingerprint];
      if (!current || current.lastSentAt !== claimed) return [false, false];
      const restored = { ...current };
      delete restored.lastSentAt;
      delete restored.lastSentMonthlyCost;
      delete restored.currency;
      restored.sendCount = previous?.sendCount ?? 0;
      if (previous?.lastSentAt) {
        const prev = alertToJson(previous);
        restored.lastSentAt = prev.lastSentAt;
        if (prev.lastSentMonthlyCost !== undefined) restored.lastSentMonthlyCost = prev.lastSentMonthlyCost;
        if (prev.currency !== undefined) restored.currency = prev.currency;
      }
      doc.alerts[fingerprint] = restored;
      return [true, true];
    });
  }

  async touchAlerts(recs: readonly AlertRecord[]): Promise<void> {
    if (!recs.length) return;
    const updates = lastByKey(recs, (r) => r.fingerprint).map(alertToJson);
    return this.write((doc) => {
      for (const u of updates) {
        const current = doc.alerts[u.fingerprint];
        doc.alerts[u.fingerprint] = current
          ? { ...current, kind: u.kind, refKey: u.refKey, lastSeenAt: u.lastSeenAt }
          : { fingerprint: u.fingerprint, kind: u.kind, refKey: u.refKey, firstSeenAt: u.firstSeenAt, lastSeenAt: u.lastSeenAt, sendCount: 0 };
      }
      return [undefined, true];
    });
  }

  async snooze(fingerprint: string, until: Date): Promise<void> {
    const untilIso = toIso(until);
    return this.write((doc) => {
      const current = doc.alerts[fingerprint];
      if (!current) throw new StateError('STATE_ALERT_NOT_FOUND', `No alert with fingerprint ${fingerprint} to snooze`);
      current.snoozedUntil = untilIso;
      return [undefined, true];
    });
  }

  async recordFindings(runAt: Date, findings: readonly FindingRecord[]): Promise<void> {
    if (!findings.length) return;
    const rows = lastByKey(findings, (f) => f.fingerprint).map((f) => findingToJson(runAt, f));
    const runIso = toIso(runAt);
    const fresh = new Set(rows.map((r) => r.fingerprint));
    return this.write((doc) => {
      // Same (runAt, fingerprint) replaces, like a DynamoDB put on the same key.
      doc.findings = doc.findings.filter((f) => f.runAt !== runIso || !fresh.has(f.fingerprint)).concat(rows);
      return [undefined, true];
    });
  }

  async listFindings(opts: ListFindingsOptions): Promise<StoredFinding[]> {
    const since = toIso(opts.since);
    const until = opts.until ? toIso(opts.until) : undefined;
    return this.read((doc) => {
      const oldestRun = toIso(addDays(this.opts.now(), -this.opts.findingsTtlDays));
      return doc.findings
        .filter((f) => f.runAt >= since && f.runAt > oldestRun && (until === undefined || f.runAt < until))
        .filter((f) => opts.kind === undefined || f.kind === opts.kind)
        .map((f) => findingFromJson({ ...f, payload: structuredClone(f.payload) }))
        .sort(compareFindings);
    });
  }

  async cacheGet(key: string, now: Date): Promise<unknown | undefined> {
    const nowIso = toIso(now);
    return this.read((doc) => {
      const entry = doc.cache[key];
      return entry && entry.expiresAt > nowIso ? structuredClone(entry.value) : undefined;
    });
  }

  async cachePut(key: string, value: unknown, expiresAt: Date): Promise<void> {
    const entry = { value: toJsonValue(value) ?? null, expiresAt: toIso(expiresAt) };
    return this.write((doc) => {
      doc.cache[key] = entry;
      return [undefined, true];
    });
  }

  async putIfAbsent(pk: string, sk: string, item: Record<string, unknown>): Promise<boolean> {
    validateGenericItem(pk, sk, item);
    const stored = (toJsonValue(item) ?? {}) as Record<string, unknown>;
    const key = JSON.stringify([pk, sk]);
    return this.write((doc) => {
      if (doc.items[key]) return [false, false];
      doc.items[key] = { pk, sk, item: stored };
      return [true, true];
    });
  }

  async getItem(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const key = JSON.stringify([pk, sk]);
    return this.read((doc) => {
      const entry = doc.items[key];
      return entry ? (structuredClone(entry.item) as Record<string, unknown>) : undefined;
    });
  }

  async updateItem(pk: string, sk: string, set: Record<string, unknown>, condition?: ItemCondition): Promise<boolean> {
    const update = itemUpdate(pk, sk, set, condition);
    const key = JSON.stringify([pk, sk]);
    return this.write((doc) => {
      const entry = doc.items[key];
      if (!entry || !conditionHolds(entry.item, update)) return [false, false];
      entry.item = applyItemUpdate(entry.item, update);
      return [true, true];
    });
  }

  /** A pass over every generic item: fine for the CLI's one-file state (DynamoDB reads only the partition). */
  async queryItems(pk: string, opts?: QueryItemsOptions): Promise<QueriedItem[]> {
    const query = itemQuery(pk, opts);
    return this.read((doc) => selectItems(Object.values(doc.items), pk, query).map((e) => ({ sk: e.sk, item: structuredClone(e.item) })));
  }
}
