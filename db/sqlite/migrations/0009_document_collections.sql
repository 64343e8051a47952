-- A document's collection moves onto the document, so the same bytes are unique per collection.
ALTER TABLE `documents` ADD `collection_id` text;--> statement-breakpoint
UPDATE `documents` SET `collection_id` = (SELECT `collection_id` FROM `collection_documents` WHERE `document_id` = `documents`.`id`);--> statement-breakpoint
DROP TABLE `collection_documents`;--> statement-breakpoint
DROP INDEX `documents_sha256_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `documents_collection_sha256_unique` ON `documents` (`sha256`,`collection_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `documents_sha256_uncollected_unique` ON `documents` (`sha256`) WHERE "documents"."collection_id" IS NULL;--> statement-breakpoint
CREATE INDEX `documents_collection_idx` ON `documents` (`collection_id`);
