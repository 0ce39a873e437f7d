CREATE TABLE "quota_usage" (
	"bucket_id" text NOT NULL,
	"day" text NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	"exhausted" boolean DEFAULT false NOT NULL,
	CONSTRAINT "quota_usage_bucket_id_day_pk" PRIMARY KEY("bucket_id","day")
);
