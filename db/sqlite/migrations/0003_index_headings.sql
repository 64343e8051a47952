-- A passage is found by its section's heading too ("Warsaw" for a paragraph of the Warsaw
-- article that never names it). The heading is indexed with the text; the stored text and
-- its offsets stay as they are.
DROP TRIGGER `chunks_fts_insert`;
--> statement-breakpoint
DROP TRIGGER `chunks_fts_delete`;
--> statement-breakpoint
DROP TRIGGER `chunks_fts_update`;
--> statement-breakpoint
INSERT INTO `chunks_fts`(`chunks_fts`) VALUES ('delete-all');
--> statement-breakpoint
INSERT INTO `chunks_fts`(rowid, `text`) SELECT id, coalesce(heading || char(10), '') || text FROM `chunks`;
--> statement-breakpoint
CREATE TRIGGER `chunks_fts_insert` AFTER INSERT ON `chunks` BEGIN
  INSERT INTO `chunks_fts`(rowid, `text`) VALUES (new.id, coalesce(new.heading || char(10), '') || new.text);
END;
--> statement-breakpoint
CREATE TRIGGER `chunks_fts_delete` AFTER DELETE ON `chunks` BEGIN
  INSERT INTO `chunks_fts`(`chunks_fts`, rowid, `text`) VALUES ('delete', old.id, coalesce(old.heading || char(10), '') || old.text);
END;
--> statement-breakpoint
CREATE TRIGGER `chunks_fts_update` AFTER UPDATE OF `text`, `heading` ON `chunks` BEGIN
  INSERT INTO `chunks_fts`(`chunks_fts`, rowid, `text`) VALUES ('delete', old.id, coalesce(old.heading || char(10), '') || old.text);
  INSERT INTO `chunks_fts`(rowid, `text`) VALUES (new.id, coalesce(new.heading || char(10), '') || new.text);
END;
