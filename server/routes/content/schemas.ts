import { Type, type Static } from '@sinclair/typebox';
import { deliveryStates, platforms, revisionStates, themes } from '../../../db/schema/enums.ts';

/** Limits a user can hit are stated here, so the 400 names the field and the limit. */
export const limits = {
  title: 300,
  summary: 1_000,
  body: 50_000,
  hashtags: 30,
  hashtag: 100,
  links: 20,
  mediaIds: 50,
  consentIds: 50,
  overrides: 100,
  targets: 10_000,
  comment: 2_000,
  question: 2_000,
} as const;

export const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
export const ThemeSchema = Type.Unsafe<(typeof themes)[number]>({ type: 'string', enum: [...themes] });
export const StateSchema = Type.Unsafe<(typeof revisionStates)[number]>({ type: 'string', enum: [...revisionStates] });
export const PlatformSchema = Type.Unsafe<(typeof platforms)[number]>({ type: 'string', enum: [...platforms] });

const Hashtag = Type.String({ minLength: 1, maxLength: limits.hashtag });
const Hashtags = Type.Array(Hashtag, { maxItems: limits.hashtags });

const Link = Type.Object(
  { url: Type.String({ maxLength: 2_000, pattern: '^https?://[^\\s]+$' }), label: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);

const Override = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: limits.title })),
    summary: Type.Optional(Type.String({ maxLength: limits.summary })),
    body: Type.Optional(Type.String({ maxLength: limits.body })),
    hashtags: Type.Optional(Hashtags),
    categories: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 10, description: 'WordPress category names for this item (looked up, created when missing)' }),
    ),
  },
  { additionalProperties: false },
);

/** Keys are a platform (`facebook_page` …) or a channel id; a channel id wins, field by field. */
const Overrides = Type.Record(Type.String(), Override, { maxProperties: limits.overrides });

export const Target = Type.Object(
  { channelId: Type.Optional(Uuid), channelSetId: Type.Optional(Uuid), publishAt: Type.Optional(NullableDateTime) },
  { additionalProperties: false, description: 'Exactly one of channelId or channelSetId; publishAt overrides the revision’s.' },
);

const revisionFields = {
  summary: Type.Optional(Type.String({ maxLength: limits.summary })),
  question: Type.Optional(
    Type.Union([Type.String({ maxLength: limits.question }), Type.Null()], {
      description: 'Answers to a citizen question only: the question as published (edited, no personal data)',
    }),
  ),
  links: Type.Optional(Type.Array(Link, { maxItems: limits.links })),
  mediaIds: Type.Optional(Type.Array(Uuid, { maxItems: limits.mediaIds })),
  hashtags: Type.Optional(Hashtags),
  overrides: Type.Optional(Overrides),
  publishAt: Type.Optional(NullableDateTime),
  expiresAt: Type.Optional(NullableDateTime),
  targets: Type.Optional(Type.Array(Target, { maxItems: limits.targets })),
  consentIds: Type.Optional(Type.Array(Uuid, { maxItems: limits.consentIds, description: 'Consent of each person shown' })),
};
const Title = Type.String({ minLength: 1, maxLength: limits.title });
const Body = Type.String({ maxLength: limits.body });

export const CreateBody = Type.Object(
  { unitId: Uuid, title: Title, body: Body, theme: ThemeSchema, ...revisionFields },
  { additionalProperties: false },
);
export type CreateBody = Static<typeof CreateBody>;

export const PatchBody = Type.Object(
  { title: Type.Optional(Title), body: Type.Optional(Body), theme: Type.Optional(ThemeSchema), ...revisionFields },
  { additionalProperties: false, minProperties: 1 },
);
export type PatchBody = Static<typeof PatchBody>;

export const ApproveBody = Type.Object(
  {
    comment: Type.Optional(Type.String({ maxLength: limits.comment })),
    revision: Type.Optional(Type.Integer({ minimum: 1, description: 'The revision number reviewed; refused if another is now in review' })),
  },
  { additionalProperties: false },
);

export const RejectBody = Type.Object(
  { comment: Type.String({ minLength: 1, maxLength: limits.comment }), revision: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Uuid });
export const RevisionParams = Type.Object({ id: Uuid, n: Type.Integer({ minimum: 1, maximum: 1_000_000 }) });

export const ListQuery = Type.Object(
  {
    state: Type.Optional(StateSchema),
    theme: Type.Optional(ThemeSchema),
    unitId: Type.Optional(Uuid),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words in the title; accents and case ignored ("phuoc loc" finds "Phước Lộc")' })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Publish time of the latest revision at or after this' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Publish time of the latest revision before this' })),
    decidable: Type.Optional(Type.Boolean({ description: 'Only items of units your approver role covers (the approval inbox, with state=in_review)' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const PreviewQuery = Type.Object({ revision: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })) }, { additionalProperties: false });

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const ItemSummaryView = Type.Object({
  id: Uuid,
  slug: Type.String(),
  unitId: Uuid,
  unitName: Type.String(),
  createdBy: Uuid,
  createdAt: DateTime,
  revision: Type.Integer({ description: 'Number of the latest revision' }),
  state: StateSchema,
  title: Type.String(),
  theme: ThemeSchema,
  authorId: Uuid,
  publishAt: Nullable(DateTime),
  submittedAt: Nullable(DateTime),
  approvedRevision: Type.Union([Type.Integer(), Type.Null()]),
});

export const TargetView = Type.Object({
  channelId: Uuid,
  channelName: Type.String(),
  platform: PlatformSchema,
  unitId: Uuid,
  status: Type.String(),
  viaSetId: Nullable(Uuid),
  publishAt: Nullable(DateTime),
});

export const RevisionView = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  state: StateSchema,
  authorId: Uuid,
  contributorIds: Type.Array(Uuid, { description: 'Everyone who wrote into this revision; none of them may approve it' }),
  title: Type.String(),
  summary: Type.String(),
  body: Type.String(),
  question: Nullable(Type.String()),
  theme: ThemeSchema,
  links: Type.Array(Link),
  mediaIds: Type.Array(Uuid),
  hashtags: Type.Array(Type.String()),
  overrides: Overrides,
  publishAt: Nullable(DateTime),
  expiresAt: Nullable(DateTime),
  consentIds: Type.Array(Uuid),
  templateVersion: Nullable(Type.String()),
  submittedAt: Nullable(DateTime),
  decidedAt: Nullable(DateTime),
  createdAt: DateTime,
});

export const ApprovalView = Type.Object({
  id: Uuid,
  revision: Type.Integer(),
  decision: Type.String(),
  comment: Type.String(),
  decidedBy: Uuid,
  decidedByName: Type.String(),
  decidedAt: DateTime,
});

const Messages = Type.Object({ vi: Type.String(), en: Type.String() });

export const Ability = Type.Object(
  {
    allowed: Type.Boolean(),
    code: Nullable(Type.String()),
    field: Nullable(Type.String()),
    messages: Type.Union([Messages, Type.Null()]),
  },
  { description: 'Whether you may do this now; if not, the refusal the action itself would answer (code, field, vi/en)' },
);

export const ItemDetailView = Type.Object({
  item: ItemSummaryView,
  revisions: Type.Array(RevisionView),
  approvals: Type.Array(ApprovalView),
  targets: Type.Array(TargetView, { description: 'Targets of the latest revision' }),
  can: Type.Object(
    { edit: Ability, submit: Ability, approve: Ability, reject: Ability },
    { description: 'What you may do with the latest revision, as the server decides it (the app never re-implements the rules)' },
  ),
});

export const RevisionDetailView = Type.Object({ revision: RevisionView, targets: Type.Array(TargetView) });

const RenderingView = Type.Object(
  {
    channelId: Uuid,
    platform: PlatformSchema,
    title: Type.String(),
    text: Type.String(),
    templateVersion: Type.String(),
    problems: Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.Object({ vi: Type.String(), en: Type.String() }) })),
  },
  { additionalProperties: true, description: 'The post as the channel receives it; `{{loa_marker}}` is bound per delivery' },
);

const ProblemView = Type.Object({
  code: Type.String(),
  field: Type.String({ description: 'JSON pointer of the field to fix (an override’s when one supplied the text)' }),
  messages: Messages,
  channelId: Type.Optional(Uuid),
});

const OgView = Type.Object(
  {
    title: Type.String(),
    description: Type.String(),
    url: Type.String({ description: 'The article’s address on the campaign site, as shared' }),
    image: Type.String({ description: 'The 1200×630 card (GET it: PNG)' }),
  },
  { description: 'The OpenGraph card Facebook and Zalo show when the article’s link is shared' },
);

const FieldLimit = Type.Object({ max: Type.Integer(), unit: Type.Unsafe<'chars' | 'bytes'>({ type: 'string', enum: ['chars', 'bytes'] }) });
const LimitsView = Type.Record(
  Type.String(),
  Type.Object({ title: Type.Optional(FieldLimit), text: Type.Optional(FieldLimit), description: Type.Optional(FieldLimit) }),
  { description: 'Per platform of the renderings: the limits the counters show (templates/text/limits.ts)' },
);

export const CorrectionPlanView = Type.Object(
  {
    channelId: Uuid,
    channelName: Type.String(),
    platform: PlatformSchema,
    deliveryId: Type.String({ format: 'uuid', description: 'The delivery whose post is live on the channel now' }),
    externalUrl: Nullable(Type.String()),
    publishedRevision: Type.Integer({ description: 'The revision that post shows (or will show)' }),
    waitsFor: Type.Union([Type.Unsafe<(typeof deliveryStates)[number]>({ type: 'string', enum: [...deliveryStates] }), Type.Null()], {
      description:
        "null: that post is published. Otherwise the state of the older revision's publish still in flight: the correction waits until it settles (edited in place if it landed, else this revision is posted once)",
    }),
    mode: Type.Union([Type.Literal('update_in_place'), Type.Literal('correction_post'), Type.Literal('none')], {
      description: 'update_in_place: the published post is edited; correction_post: a new post goes out beside it; none: it stays as it is',
    }),
    note: Messages,
  },
  { description: 'A target channel already showing an older revision: what approving this one does there' },
);

export const PreviewView = Type.Object({
  revision: Type.Integer(),
  state: StateSchema,
  live: Type.Boolean({ description: 'true: rendered now (not yet approved); false: frozen at approval' }),
  templateVersion: Nullable(Type.String()),
  renderings: Type.Array(RenderingView),
  problems: Type.Array(ProblemView, { description: 'What submit would refuse now (empty once approved); the first is what it answers' }),
  og: OgView,
  limits: LimitsView,
  corrections: Type.Array(CorrectionPlanView, { description: 'Per channel where the item is already published: what approving this revision does there (before approval)' }),
});

export const DraftPreviewBody = Type.Object(
  {
    itemId: Type.Optional(Uuid),
    unitId: Type.Optional(Uuid),
    title: Type.Optional(Type.String({ maxLength: limits.title })),
    body: Type.Optional(Body),
    theme: Type.Optional(ThemeSchema),
    ...revisionFields,
  },
  {
    additionalProperties: false,
    description: 'Revision fields as typed, not saved. With itemId they apply to its latest revision like a PATCH; otherwise unitId is the new item’s unit.',
  },
);
export type DraftPreviewBody = Static<typeof DraftPreviewBody>;

export const DraftPreviewView = Type.Object({
  slug: Type.String({ description: 'The item’s slug (for a new item: the one its title gives, before any -2 suffix)' }),
  templateVersion: Nullable(Type.String()),
  targets: Type.Array(TargetView),
  renderings: Type.Array(RenderingView),
  problems: Type.Array(ProblemView, { description: 'Everything submit would refuse, in its order' }),
  og: Type.Union([OgView, Type.Null()], { description: 'null while the draft itself is refused (no title yet)' }),
  limits: LimitsView,
});

export const OgCardQuery = Type.Object(
  { title: Type.String({ minLength: 1, maxLength: limits.title }), theme: ThemeSchema, unitId: Uuid },
  { additionalProperties: false },
);

export const ApproveResult = Type.Object({
  revision: RevisionView,
  deliveries: Type.Integer({ description: 'Deliveries created, one per target not already published' }),
  corrections: Type.Integer({ description: 'Published posts this approval edits in place (or leaves as they are), instead of posting again' }),
  superseded: Type.Array(Type.Integer(), { description: 'Revision numbers this approval replaced' }),
});
