-- Folio's own search index (db/search, exact BM25 that stays fast at a million passages)
-- replaces FTS5. Its tables are made by the index itself; here FTS5 goes, and every document
-- already searchable is queued to be indexed on start (db/client.ts), so an upgrade loses none.
CREATE TABLE `search_backfill` (
	`document_id` text PRIMARY KEY NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `search_backfill` (`document_id`) SELECT `id` FROM `documents` WHERE `status` = 'ready';
--> statement-breakpoint
DROP TRIGGER `chunks_fts_insert`;
--> statement-breakpoint
DROP TRIGGER `chunks_fts_delete`;
--> statement-breakpoint
DROP TRIGGER `chunks_fts_update`;
--> statement-breakpoint
DROP TABLE `chunks_fts`;
