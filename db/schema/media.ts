import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { mediaKindEnum, mediaStatusEnum } from './enums.ts';
import { units, users } from './org.ts';

export const media = pgTable(
  'media',
  {
    id: uuid().primaryKey().defaultRandom(),
    unitId: uuid()
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    uploadedBy: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    kind: mediaKindEnum().notNull(),
    status: mediaStatusEnum().notNull().default('ready'),
    /** Detected from magic bytes, never from the file name or the client's header. */
    mimeType: text().notNull(),
    originalName: text().notNull(),
    storageKey: text().notNull(),
    sizeBytes: bigint({ mode: 'number' }).notNull(),
    /** Bytes received so far for a resumable upload. */
    receivedBytes: bigint({ mode: 'number' }).notNull().default(0),
    sha256: text(),
    width: integer(),
    height: integer(),
    altText: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When bytes last arrived: a resumable upload silent for LOA_UPLOAD_EXPIRY_HOURS is removed. */
    lastActivityAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('media_unit_idx').on(t.unitId), index('media_uploading_idx').on(t.lastActivityAt).where(sql`status = 'uploading'`)],
);
