-- Accounts for a real deployment (issue 17): a platform administrator who creates trusts, a trust's
-- own details, members who can be deactivated without losing the attribution of their edits, and
-- one-time password-reset links stored, like sessions, only by the SHA-256 of their token.
ALTER TABLE `users` ADD `platform_admin` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `ods_code` text;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `foundation_trust` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `financial_year_start_month` integer DEFAULT 4 NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `sso_domains` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `memberships` ADD `deactivated_at` integer;--> statement-breakpoint
ALTER TABLE `memberships` ADD `deactivated_by` text REFERENCES users(id);--> statement-breakpoint
CREATE TABLE `password_resets` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `password_resets_user_idx` ON `password_resets` (`user_id`);
