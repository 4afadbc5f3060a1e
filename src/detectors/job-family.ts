import { median } from 'simple-statistics';
import type { Tags } from '../domain/cloud';
import { runHours, type TrainingRun } from '../domain/resources';

/**
 * Run suffixes people and pipelines append to a job family's name, stripped from the end one at a time:
 * run/attempt/trial counters (`-run-17`, `_attempt2`), plain numbers and versions (`-0412`, `-v3`, `-17`),
 * timestamps (`-20261118`, `-20261118t103000z`, SageMaker's `-2026-11-18-10-30-00-123` one number at a time),
 * month tags (`-nov`, `-nov2026`) and hex ids (`-a1b2c3d4`: 6+ hex characters with a digit, so words stay).
 */
const SUFFIX = /[-_.](?:(?:run|attempt|trial|retry|try)[-_]?\d+|v?\d+|\d+t\d+z?|(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)\d{0,4}|(?=[a-f]*\d)[0-9a-f]{6,})$/;
/** Vertex AI display names shared by live jobs become `name~<id>` (gcp/to-domain uniqueNames). */
const VERTEX_DUPLICATE = /~[^~]*$/;

export interface JobFamily {
  name: string;
  source: 'tag' | 'name';
}

/**
 * A job's family: the value of its family tag when set, else its name without its run suffixes (`llama3-8b-sft-run-17`
 * -> `llama3-8b-sft`, `ft-llama-lora-0412` -> `ft-llama-lora`), never shorter than 3 characters. Lower-cased, so
 * `Nightly-ETL-3` and `nightly-etl-4` are one family.
 */
export function jobFamily(job: { ref: { name: string }; tags: Tags }, familyTag: string): JobFamily {
  const tagged = job.tags[familyTag]?.trim();
  if (tagged) return { name: tagged.toLowerCase(), source: 'tag' };
  let name = job.ref.name.replace(VERTEX_DUPLICATE, '').toLowerCase();
  for (;;) {
    const shorter = name.replace(SUFFIX, '');
    if (shorter === name || shorter.length < 3) break;
    name = shorter;
  }
  return { name, source: 'name' };
}

export interface FamilyHistory {
  runs: number;
  medianHours: number;
}

/** The key families are compared under: a family's runs on another cloud ran on other hardware. */
export const familyKey = (cloud: string, family: string): string => `${cloud}|${family}`;

/** Median duration of each family's successful runs that ended before `now` (cloud + family -> history). */
export function familyHistories(runs: readonly TrainingRun[], familyTag: string, now: Date): Map<string, FamilyHistory> {
  const hours = new Map<string, number[]>();
  for (const r of runs) {
    if (r.endedAt > now) continue;
    const key = familyKey(r.ref.cloud, jobFamily(r, familyTag).name);
    const list = hours.get(key) ?? [];
    list.push(runHours(r));
    hours.set(key, list);
  }
  return new Map([...hours].map(([k, hs]) => [k, { runs: hs.length, medianHours: median(hs) }]));
}
