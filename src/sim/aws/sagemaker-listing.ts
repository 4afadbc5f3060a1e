import { AwsServiceError } from '../protocol/aws-json';
import { constraintError, pageSize, paginate, queryFingerprint, type Page } from './paging';

/** The fields every SageMaker List* call filters and sorts on. */
export interface Listable {
  name: string;
  status: string;
  createdMs: number;
  lastModifiedMs: number;
}

/** The common List* request members (all optional on the wire). */
export interface ListRequest {
  NameContains?: string;
  StatusEquals?: string;
  CreationTimeBefore?: number;
  CreationTimeAfter?: number;
  LastModifiedTimeBefore?: number;
  LastModifiedTimeAfter?: number;
  SortBy?: string;
  SortOrder?: string;
  MaxResults?: number;
  NextToken?: string;
}

const PAGING = ['MaxResults', 'NextToken'] as const;

export function invalidNextToken(): AwsServiceError {
  return new AwsServiceError('ValidationException', 'Invalid pagination token: the token is malformed or was issued for a different request.');
}

function enumCheck(field: string, value: string | undefined, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw constraintError(field, value, `satisfy enum value set: [${allowed.join(', ')}]`);
  }
}

export interface ListOptions {
  sortKeys?: readonly string[];
  /** SortBy default (SageMaker lists sort by CreationTime, Descending, unless told otherwise). */
  defaultSortBy?: string;
  /** Status filtering after the page is cut (ListTrainingJobs quirk); otherwise before. */
  statusFilterAfterPaging?: boolean;
}

/**
 * Filters, sorts and pages a SageMaker listing the way the List* operations do: NameContains is a
 * case-insensitive substring match, times are epoch seconds, SortBy Name|CreationTime|Status, MaxResults 1..100
 * (default 10).
 */
export function listSageMaker<T extends Listable>(all: Iterable<T>, input: ListRequest, opts: ListOptions = {}): Page<T> {
  return pageSageMaker(sortedSageMaker(all, input, opts), input, opts);
}

/** The filtered, sorted rows of a listing, before paging (cacheable per fleet version). */
export function sortedSageMaker<T extends Listable>(all: Iterable<T>, input: ListRequest, opts: ListOptions = {}): T[] {
  const sortKeys = opts.sortKeys ?? ['Name', 'CreationTime', 'Status'];
  enumCheck('SortBy', input.SortBy, sortKeys);
  enumCheck('SortOrder', input.SortOrder, ['Ascending', 'Descending']);
  const needle = input.NameContains?.toLowerCase();
  const sec = (ms: number) => ms / 1000;
  const matchesStatus = (x: T) => input.StatusEquals === undefined || x.status === input.StatusEquals;
  const rows: T[] = [];
  for (const x of all) {
    if (needle !== undefined && !x.name.toLowerCase().includes(needle)) continue;
    if (input.CreationTimeBefore !== undefined && !(sec(x.createdMs) < input.CreationTimeBefore)) continue;
    if (input.CreationTimeAfter !== undefined && !(sec(x.createdMs) > input.CreationTimeAfter)) continue;
    if (input.LastModifiedTimeBefore !== undefined && !(sec(x.lastModifiedMs) < input.LastModifiedTimeBefore)) continue;
    if (input.LastModifiedTimeAfter !== undefined && !(sec(x.lastModifiedMs) > input.LastModifiedTimeAfter)) continue;
    if (!opts.statusFilterAfterPaging && !matchesStatus(x)) continue;
    rows.push(x);
  }
  const sortBy = input.SortBy ?? opts.defaultSortBy ?? 'CreationTime';
  const dir = input.SortOrder === 'Ascending' ? 1 : -1;
  rows.sort((a, b) => {
    const c =
      sortBy === 'Name'
        ? a.name < b.name ? -1 : a.name > b.name ? 1 : 0
        : sortBy === 'Status'
          ? a.status.localeCompare(b.status) || a.createdMs - b.createdMs
          : a.createdMs - b.createdMs || (a.name < b.name ? -1 : 1);
    return c * dir;
  });
  return rows;
}

/** One page of sorted rows: MaxResults 1..100 (default 10) and the opaque NextToken. */
export function pageSageMaker<T extends Listable>(rows: readonly T[], input: ListRequest, opts: ListOptions = {}): Page<T> {
  const size = pageSize('MaxResults', input.MaxResults, 1, 100, 10);
  const matchesStatus = (x: T) => input.StatusEquals === undefined || x.status === input.StatusEquals;
  const page = paginate(rows, input.NextToken, size, queryFingerprint(input as Record<string, unknown>, PAGING), invalidNextToken);
  // ListTrainingJobs: "MaxResults number of training jobs are first retrieved ignoring the StatusEquals parameter
  // and then they are filtered by the StatusEquals parameter" (SageMaker API reference), so pages can be short or
  // empty while NextToken is still set.
  return opts.statusFilterAfterPaging ? { ...page, items: page.items.filter(matchesStatus) } : page;
}

/** Resources of one region, from a map keyed by `region/name`. */
export function* inRegion<T extends { region: string }>(items: Iterable<T>, region: string): Iterable<T> {
  for (const x of items) if (x.region === region) yield x;
}
