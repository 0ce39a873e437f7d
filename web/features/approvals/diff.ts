/**
 * What changed between the last approved revision and the one in review, field by field:
 * text as word-level insertions and deletions, lists (media, hashtags, targets, consents)
 * as added and removed entries, times and the theme as before → after. Pure: the approval
 * inbox shows it; unit tests pin it down.
 */
export interface RevisionSide {
  title: string;
  /** An answer to a citizen's question: the question as it will be published. */
  question?: string | null;
  summary: string;
  body: string;
  theme: string;
  links: { url: string; label?: string }[];
  hashtags: string[];
  mediaIds: string[];
  consentIds: string[];
  overrides: Record<string, { title?: string; summary?: string; body?: string; hashtags?: string[] }>;
  publishAt: string | null;
  expiresAt: string | null;
  /** Each target channel with its own time (null: the revision's). */
  targets: { channelId: string; channelName: string; publishAt: string | null }[];
}

export type Part = { op: 'same' | 'added' | 'removed'; text: string };

export type Change =
  | { field: string; kind: 'text'; parts: Part[] }
  | { field: string; kind: 'list'; added: string[]; removed: string[] }
  | { field: string; kind: 'value'; before: string | null; after: string | null };

/** Above this many token pairs the middle of a text is shown as replaced whole (keeps the page fast on 50,000-character bodies). */
const MAX_CELLS = 2_000_000;

/** Word-level diff: common start and end kept, the middle by longest common subsequence. */
export function diffText(before: string, after: string): Part[] {
  const a = before.split(/(\s+)/).filter(Boolean);
  const b = after.split(/(\s+)/).filter(Boolean);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const raw: Part[] = [{ op: 'same', text: a.slice(0, start).join('') }];
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX_CELLS) raw.push({ op: 'removed', text: midA.join('') }, { op: 'added', text: midB.join('') });
  else raw.push(...lcsParts(midA, midB));
  raw.push({ op: 'same', text: a.slice(endA).join('') });
  return coalesce(raw.filter((p) => p.text));
}

/**
 * Reads like a person's edit: a run of changes, including the spaces the two versions
 * happen to share inside it, becomes one removed and one added span.
 */
function coalesce(parts: Part[]): Part[] {
  const out: Part[] = [];
  let removed = '';
  let added = '';
  const flush = () => {
    if (removed) out.push({ op: 'removed', text: removed });
    if (added) out.push({ op: 'added', text: added });
    removed = added = '';
  };
  parts.forEach((p, i) => {
    if (p.op === 'removed') removed += p.text;
    else if (p.op === 'added') added += p.text;
    else if ((removed || added) && /^\s+$/.test(p.text) && parts[i + 1] && parts[i + 1]!.op !== 'same') {
      removed += p.text;
      added += p.text;
    } else {
      flush();
      const last = out.at(-1);
      if (last?.op === 'same') last.text += p.text;
      else out.push({ ...p });
    }
  });
  flush();
  return out;
}

function lcsParts(a: string[], b: string[]): Part[] {
  const n = a.length;
  const m = b.length;
  // table[i][j] = LCS length of a[i..] and b[j..]
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  }
  const out: Part[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i++]! });
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) out.push({ op: 'removed', text: a[i++]! });
    else out.push({ op: 'added', text: b[j++]! });
  }
  while (i < n) out.push({ op: 'removed', text: a[i++]! });
  while (j < m) out.push({ op: 'added', text: b[j++]! });
  return out;
}

function listChange(field: string, before: readonly string[], after: readonly string[]): Change[] {
  const added = after.filter((x) => !before.includes(x));
  const removed = before.filter((x) => !after.includes(x));
  return added.length || removed.length ? [{ field, kind: 'list', added, removed }] : [];
}

function textChange(field: string, before: string, after: string): Change[] {
  return before === after ? [] : [{ field, kind: 'text', parts: diffText(before, after) }];
}

function valueChange(field: string, before: string | null, after: string | null): Change[] {
  return before === after ? [] : [{ field, kind: 'value', before, after }];
}

const linkText = (l: { url: string; label?: string }) => (l.label ? `${l.label} <${l.url}>` : l.url);

/**
 * Changes from `before` (the last approved revision; null when none was approved: every
 * field shows as new) to `after`. Field names: `title`, `overrides.<key>.body`,
 * `targets`, `targets.<channel name>.publishAt` …
 */
export function diffRevisions(before: RevisionSide | null, after: RevisionSide): Change[] {
  const b: RevisionSide = before ?? {
    title: '',
    summary: '',
    body: '',
    theme: '',
    links: [],
    hashtags: [],
    mediaIds: [],
    consentIds: [],
    overrides: {},
    publishAt: null,
    expiresAt: null,
    targets: [],
  };
  const changes: Change[] = [
    ...textChange('title', b.title, after.title),
    ...textChange('question', b.question ?? '', after.question ?? ''),
    ...textChange('summary', b.summary, after.summary),
    ...textChange('body', b.body, after.body),
    ...valueChange('theme', b.theme || null, after.theme),
    ...listChange('links', b.links.map(linkText), after.links.map(linkText)),
    ...listChange('hashtags', b.hashtags, after.hashtags),
    ...listChange('mediaIds', b.mediaIds, after.mediaIds),
    ...listChange('consentIds', b.consentIds, after.consentIds),
    ...valueChange('publishAt', b.publishAt, after.publishAt),
    ...valueChange('expiresAt', b.expiresAt, after.expiresAt),
  ];
  for (const key of [...new Set([...Object.keys(b.overrides), ...Object.keys(after.overrides)])].sort()) {
    const o = b.overrides[key] ?? {};
    const n = after.overrides[key] ?? {};
    for (const f of ['title', 'summary', 'body'] as const) changes.push(...textChange(`overrides.${key}.${f}`, o[f] ?? '', n[f] ?? ''));
    changes.push(...listChange(`overrides.${key}.hashtags`, o.hashtags ?? [], n.hashtags ?? []));
  }
  changes.push(...listChange('targets', b.targets.map((t) => t.channelName), after.targets.map((t) => t.channelName)));
  for (const t of after.targets) {
    const old = b.targets.find((x) => x.channelId === t.channelId);
    if (old) changes.push(...valueChange(`targets.${t.channelName}.publishAt`, old.publishAt, t.publishAt));
  }
  return changes;
}
