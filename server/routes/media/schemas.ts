import { type Static, Type } from '@sinclair/typebox';
import type { MediaRow } from '../../../core/media/deps.ts';
import { mediaKinds } from '../../../db/schema/index.ts';

export const MediaView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  unitId: Type.String({ format: 'uuid' }),
  uploadedBy: Type.String({ format: 'uuid' }),
  kind: Type.Union(mediaKinds.map((k) => Type.Literal(k)), { description: 'From the magic bytes; provisional while uploading' }),
  status: Type.Union([Type.Literal('uploading'), Type.Literal('ready')]),
  mimeType: Type.String({ description: 'Detected from the magic bytes, never from the name or the client header' }),
  originalName: Type.String(),
  sizeBytes: Type.Integer(),
  receivedBytes: Type.Integer(),
  sha256: Type.Union([Type.String(), Type.Null()]),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
  altText: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  contentUrl: Type.String({ description: 'GET it for the bytes (HTTP Range supported)' }),
});
export type MediaView = Static<typeof MediaView>;

export function toMediaView(row: MediaRow): MediaView {
  return {
    id: row.id,
    unitId: row.unitId,
    uploadedBy: row.uploadedBy,
    kind: row.kind,
    status: row.status,
    mimeType: row.mimeType,
    originalName: row.originalName,
    sizeBytes: row.sizeBytes,
    receivedBytes: row.receivedBytes,
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    altText: row.altText,
    createdAt: row.createdAt.toISOString(),
    contentUrl: `/api/v1/media/${row.id}/content`,
  };
}

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const Uuid = Type.String({ format: 'uuid' });
const NullableDate = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const MediaUsageView = Type.Object({
  items: Type.Array(
    Type.Object({
      itemId: Uuid,
      slug: Type.String(),
      title: Type.String(),
      revisions: Type.Array(Type.Object({ number: Type.Integer(), state: Type.String() })),
    }),
    { description: 'Items with a revision showing the file (those you may read)' },
  ),
  coveredBy: Type.Array(
    Type.Object({ id: Uuid, personName: Type.String(), expiresAt: NullableDate, withdrawnAt: NullableDate }),
    { description: 'Consents linked to a revision that shows the file' },
  ),
  documentOf: Type.Array(Type.Object({ id: Uuid, personName: Type.String() }), { description: 'Consents whose signed form is this file' }),
});
