CREATE TYPE "public"."question_status" AS ENUM('new', 'answering', 'answered', 'closed');--> statement-breakpoint
CREATE TABLE "question_routing" (
	"theme" "theme" PRIMARY KEY NOT NULL,
	"unit_id" uuid NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"unit_chosen" text NOT NULL,
	"theme" "theme" NOT NULL,
	"body" text NOT NULL,
	"asker_name" text,
	"contact" text,
	"personal_data" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"fingerprint" text NOT NULL,
	"status" "question_status" DEFAULT 'new' NOT NULL,
	"answer_item_id" uuid,
	"close_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" uuid
);
--> statement-breakpoint
ALTER TABLE "revisions" ADD COLUMN "question" text;--> statement-breakpoint
ALTER TABLE "site_articles" ADD COLUMN "question" text;--> statement-breakpoint
ALTER TABLE "question_routing" ADD CONSTRAINT "question_routing_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_routing" ADD CONSTRAINT "question_routing_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_answer_item_id_content_items_id_fk" FOREIGN KEY ("answer_item_id") REFERENCES "public"."content_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "questions_queue_idx" ON "questions" USING btree ("unit_id","status","created_at");--> statement-breakpoint
CREATE INDEX "questions_fingerprint_idx" ON "questions" USING btree ("fingerprint","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "questions_answer_item_key" ON "questions" USING btree ("answer_item_id");--> statement-breakpoint
CREATE INDEX "questions_answered_idx" ON "questions" USING btree ("answered_at") WHERE "questions"."status" = 'answered';--> statement-breakpoint
CREATE INDEX "site_articles_qa_idx" ON "site_articles" USING btree ("published_at") WHERE "site_articles"."question" is not null and "site_articles"."taken_down_at" is null;--> statement-breakpoint
-- Hand-written: a closed question keeps no personal data (Decree 13/2023), whatever path closed it.
ALTER TABLE "questions" ADD CONSTRAINT "questions_closed_erased" CHECK ("status" <> 'closed' OR ("contact" IS NULL AND "asker_name" IS NULL));--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_unit_chosen_check" CHECK ("unit_chosen" IN ('citizen', 'theme'));--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_close_reason_check" CHECK ("close_reason" IN ('answered', 'dismissed', 'spam'));
