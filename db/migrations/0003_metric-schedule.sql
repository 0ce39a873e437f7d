CREATE TABLE "metric_schedule" (
	"delivery_id" uuid PRIMARY KEY NOT NULL,
	"channel_id" uuid NOT NULL,
	"step" integer DEFAULT 0 NOT NULL,
	"next_at" timestamp with time zone,
	"last_collected_at" timestamp with time zone,
	"last_error_code" text
);
--> statement-breakpoint
ALTER TABLE "metric_schedule" ADD CONSTRAINT "metric_schedule_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_schedule" ADD CONSTRAINT "metric_schedule_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "metric_schedule_channel_next_idx" ON "metric_schedule" USING btree ("channel_id","next_at");