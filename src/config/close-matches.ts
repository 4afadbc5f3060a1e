/** Levenshtein distance with a single rolling row: O(a*b) time, O(b) memory. Inputs here are short names. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/**
 * Candidates a typo most likely meant: case-insensitive edit distance within ~a third of the name's length,
 * or one name containing the other (a missing/extra segment such as WATCHDOG_SLACK_DEFAULT_CHANNEL).
 */
export function closeMatches(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const needle = name.toLowerCase();
  const maxDistance = Math.max(2, Math.floor(needle.length / 3));
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of candidates) {
    const hay = candidate.toLowerCase();
    const distance = editDistance(needle, hay);
    if (distance <= maxDistance) scored.push({ candidate, score: distance });
    else if (needle.length >= 4 && (hay.includes(needle) || needle.includes(hay))) {
      scored.push({ candidate, score: maxDistance + Math.abs(hay.length - needle.length) });
    }
  }
  return scored
    .sort((x, y) => x.score - y.score || x.candidate.localeCompare(y.candidate))
    .slice(0, limit)
    .map((s) => s.candidate);
}
