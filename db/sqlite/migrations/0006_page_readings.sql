CREATE TABLE `page_words` (
	`document_id` text NOT NULL,
	`page` integer NOT NULL,
	`words` text NOT NULL,
	PRIMARY KEY(`document_id`, `page`),
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `documents` ADD `pages_from_text` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `documents` ADD `pages_ocr` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `documents` ADD `pages_blank` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `documents` ADD `pages_unreadable` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Documents read before pages were told apart: each page counts as read from the file's text.
UPDATE `documents` SET `pages_from_text` = `pages` WHERE `status` = 'ready';
