ALTER TYPE "public"."platform" ADD VALUE 'share_kit' BEFORE 'wordpress';--> statement-breakpoint
CREATE TABLE "share_kit_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"delivery_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"issued_by" uuid,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "manual_confirmations" ALTER COLUMN "confirmed_by" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "share_kit_links" ADD CONSTRAINT "share_kit_links_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_kit_links" ADD CONSTRAINT "share_kit_links_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "share_kit_links_token_key" ON "share_kit_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "share_kit_links_delivery_idx" ON "share_kit_links" USING btree ("delivery_id");