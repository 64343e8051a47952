ALTER TABLE `documents` ADD `page_offsets` text;--> statement-breakpoint
ALTER TABLE `message_sources` ADD `char_start` integer;--> statement-breakpoint
ALTER TABLE `message_sources` ADD `char_end` integer;