ALTER TABLE "site_articles" ADD COLUMN "search_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "site_articles_search_idx" ON "site_articles" USING gin (to_tsvector('simple', "search_text"));--> statement-breakpoint
-- Hand-written: fills search_text of articles published before this migration. The application
-- folds with lib/text.ts foldVietnamese (new rows); this one-off backfill does the same for NFC text
-- with translate(), so it needs no extension (unaccent is not installed everywhere).
UPDATE "site_articles" SET "search_text" = lower(translate("title" || ' ' || "summary" || ' ' || "body", 'àáạảãâầấậẩẫăằắặẳẵÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴèéẹẻẽêềếệểễÈÉẸẺẼÊỀẾỆỂỄìíịỉĩÌÍỊỈĨòóọỏõôồốộổỗơờớợởỡÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠùúụủũưừứựửữÙÚỤỦŨƯỪỨỰỬỮỳýỵỷỹỲÝỴỶỸđĐ', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeeeeeeeiiiiiiiiiioooooooooooooooooooooooooooooooooouuuuuuuuuuuuuuuuuuuuuuyyyyyyyyyydd'));