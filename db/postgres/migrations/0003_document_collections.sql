-- A document's collection moves onto the document, so the same bytes are unique per collection.
ALTER TABLE "documents" ADD COLUMN "collection_id" text;--> statement-breakpoint
UPDATE "documents" SET "collection_id" = "collection_documents"."collection_id" FROM "collection_documents" WHERE "collection_documents"."document_id" = "documents"."id";--> statement-breakpoint
DROP TABLE "collection_documents" CASCADE;--> statement-breakpoint
ALTER TABLE "documents" DROP CONSTRAINT "documents_sha256_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "documents_collection_sha256_unique" ON "documents" USING btree ("sha256","collection_id");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_sha256_uncollected_unique" ON "documents" USING btree ("sha256") WHERE "documents"."collection_id" IS NULL;--> statement-breakpoint
CREATE INDEX "documents_collection_idx" ON "documents" USING btree ("collection_id");
