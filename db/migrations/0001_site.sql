CREATE TABLE "site_article_deliveries" (
	"delivery_id" uuid PRIMARY KEY NOT NULL,
	"article_id" uuid NOT NULL,
	"revision_id" uuid NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"stale" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "site_articles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"delivery_id" uuid NOT NULL,
	"revision_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"body" text NOT NULL,
	"theme" "theme" NOT NULL,
	"unit_id" uuid NOT NULL,
	"unit_name" text NOT NULL,
	"hashtags" text[] DEFAULT '{}'::text[] NOT NULL,
	"media_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"taken_down_at" timestamp with time zone,
	"takedown_reason" text
);
--> statement-breakpoint
CREATE TABLE "site_page_views" (
	"article_id" uuid NOT NULL,
	"day" date NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "site_page_views_article_id_day_pk" PRIMARY KEY("article_id","day")
);
--> statement-breakpoint
ALTER TABLE "site_article_deliveries" ADD CONSTRAINT "site_article_deliveries_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_article_deliveries" ADD CONSTRAINT "site_article_deliveries_article_id_site_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."site_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_article_deliveries" ADD CONSTRAINT "site_article_deliveries_revision_id_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."revisions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_articles" ADD CONSTRAINT "site_articles_item_id_content_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."content_items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_articles" ADD CONSTRAINT "site_articles_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_articles" ADD CONSTRAINT "site_articles_revision_id_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."revisions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_articles" ADD CONSTRAINT "site_articles_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_page_views" ADD CONSTRAINT "site_page_views_article_id_site_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."site_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "site_article_deliveries_article_idx" ON "site_article_deliveries" USING btree ("article_id","published_at");--> statement-breakpoint
CREATE UNIQUE INDEX "site_articles_item_key" ON "site_articles" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "site_articles_delivery_key" ON "site_articles" USING btree ("delivery_id");--> statement-breakpoint
CREATE UNIQUE INDEX "site_articles_slug_key" ON "site_articles" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "site_articles_live_idx" ON "site_articles" USING btree ("published_at") WHERE "site_articles"."taken_down_at" is null;--> statement-breakpoint
CREATE INDEX "site_articles_theme_idx" ON "site_articles" USING btree ("theme","published_at");--> statement-breakpoint
CREATE INDEX "site_articles_unit_idx" ON "site_articles" USING btree ("unit_id","published_at");--> statement-breakpoint
CREATE INDEX "site_articles_media_idx" ON "site_articles" USING gin ("media_ids");