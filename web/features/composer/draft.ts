import type { paths } from '../../api-types.ts';
import type { Revision, Target, Theme } from '../../lib/content.ts';
import { clearLocalCopy, loadLocalCopy, saveLocalCopy } from '../../lib/local-copy.ts';

/**
 * The composer's working copy: what the editor typed, kept in the browser (localStorage)
 * on every change so a reload or a crash loses nothing, and sent to the server as a
 * PATCH/POST body or a preview request.
 */
export interface Draft {
  unitId: string;
  title: string;
  /** An answer to a citizen's question: the question as it will be published; null for any other item. */
  question: string | null;
  summary: string;
  body: string;
  theme: Theme;
  links: { url: string; label?: string }[];
  hashtags: string[];
  mediaIds: string[];
  consentIds: string[];
  channelIds: string[];
  channelSetIds: string[];
  publishAt: string | null;
  expiresAt: string | null;
  overrides: Record<string, { title?: string; body?: string }>;
}

export type RevisionBody = NonNullable<paths['/api/v1/content/{id}']['patch']['requestBody']>['content']['application/json'];

export function emptyDraft(unitId: string): Draft {
  return {
    unitId,
    title: '',
    question: null,
    summary: '',
    body: '',
    theme: 'policy',
    links: [],
    hashtags: [],
    mediaIds: [],
    consentIds: [],
    channelIds: [],
    channelSetIds: [],
    publishAt: null,
    expiresAt: null,
    overrides: {},
  };
}

/** A saved revision as a draft: targets reached through a set come back as that set. */
export function draftFromRevision(unitId: string, rev: Revision, targets: readonly Target[]): Draft {
  return {
    unitId,
    title: rev.title,
    question: rev.question,
    summary: rev.summary,
    body: rev.body,
    theme: rev.theme,
    links: rev.links,
    hashtags: rev.hashtags,
    mediaIds: rev.mediaIds,
    consentIds: rev.consentIds,
    channelIds: targets.filter((t) => !t.viaSetId).map((t) => t.channelId),
    channelSetIds: [...new Set(targets.flatMap((t) => (t.viaSetId ? [t.viaSetId] : [])))],
    publishAt: rev.publishAt,
    expiresAt: rev.expiresAt,
    overrides: Object.fromEntries(Object.entries(rev.overrides).map(([k, o]) => [k, { title: o.title, body: o.body }])),
  };
}

/** Only overrides with text: an emptied override box means "use the common text". */
function cleanOverrides(overrides: Draft['overrides']): RevisionBody['overrides'] {
  const out: NonNullable<RevisionBody['overrides']> = {};
  for (const [key, o] of Object.entries(overrides)) {
    const kept = { ...(o.title ? { title: o.title } : {}), ...(o.body ? { body: o.body } : {}) };
    if (Object.keys(kept).length) out[key] = kept;
  }
  return out;
}

/** The revision fields of a draft as the API takes them. */
export function revisionBody(d: Draft): RevisionBody & { title: string; body: string; theme: Theme } {
  return {
    title: d.title,
    // A copy kept by an older version of the composer has no question: leave the saved one as it is.
    ...(d.question != null ? { question: d.question } : {}),
    summary: d.summary,
    body: d.body,
    theme: d.theme,
    links: d.links.filter((l) => l.url.trim()).map((l) => ({ url: l.url.trim(), ...(l.label ? { label: l.label } : {}) })),
    hashtags: d.hashtags,
    mediaIds: d.mediaIds,
    consentIds: d.consentIds,
    overrides: cleanOverrides(d.overrides),
    publishAt: d.publishAt,
    expiresAt: d.expiresAt,
    targets: [...d.channelIds.map((channelId) => ({ channelId })), ...d.channelSetIds.map((channelSetId) => ({ channelSetId }))],
  };
}

const storageKey = (itemId: string | undefined) => `loa.composer.${itemId ?? 'new'}`;

/** The working copy kept in this browser, with the revision it started from (to tell a stale copy). */
export interface LocalCopy {
  draft: Draft;
  baseRevision: number | null;
  savedAt: string;
}

export function loadLocal(itemId: string | undefined): LocalCopy | null {
  return loadLocalCopy<LocalCopy>(storageKey(itemId));
}

export function saveLocal(itemId: string | undefined, copy: LocalCopy): void {
  saveLocalCopy(storageKey(itemId), copy);
}

export function clearLocal(itemId: string | undefined): void {
  clearLocalCopy(storageKey(itemId));
}
