CREATE TABLE `instances` (
	`id` text PRIMARY KEY NOT NULL,
	`lease_until` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `documents` ADD `reader_instance` text;--> statement-breakpoint
ALTER TABLE `documents` ADD `read_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `documents_processing_idx` ON `documents` (`status`) WHERE "documents"."status" = 'processing';--> statement-breakpoint
ALTER TABLE `messages` ADD `instance_id` text;--> statement-breakpoint
CREATE INDEX `messages_streaming_idx` ON `messages` (`status`) WHERE "messages"."status" = 'streaming';