ALTER TABLE "api_tokens" ADD COLUMN "scope" text DEFAULT 'read' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "expires_at" timestamp with time zone DEFAULT now() + interval '90 days' NOT NULL;--> statement-breakpoint
ALTER TABLE "revisions" ADD COLUMN "contributor_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "title_en" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "body_en" text;--> statement-breakpoint
-- Tokens made before scopes could do everything their owner could: keep that, with the 90-day expiry above.
UPDATE "api_tokens" SET "scope" = 'write';--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_scope_check" CHECK ("scope" IN ('read', 'write'));--> statement-breakpoint
-- Until now only the last editor was kept: they are the one contributor known.
UPDATE "revisions" SET "contributor_ids" = ARRAY["author_id"];
