-- One foreign key check per delivery row instead of two (a 10,000-channel approval ran 20,000):
-- (revision_id, item_id) refers to the revision, which refers to the item; it also holds that the
-- item is the revision's.
CREATE UNIQUE INDEX "revisions_id_item_key" ON "revisions" USING btree ("id","item_id");
--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_revision_item_fk" FOREIGN KEY ("revision_id","item_id") REFERENCES "public"."revisions"("id","item_id") ON DELETE restrict ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_revision_id_revisions_id_fk";
--> statement-breakpoint
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_item_id_content_items_id_fk";
