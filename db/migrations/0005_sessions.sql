-- Sessions of the FOLIO_PASSWORD sign-in live here now, so signing out ends one (a session
-- was a signed cookie, good until it expired whatever happened).
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`password_tag` text NOT NULL,
	`expires_at` integer NOT NULL
);
