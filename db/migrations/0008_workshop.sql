-- Issue 16: corrections and deletions of a month of figures are kept, with their reason, in an
-- append-only history; months a review has used are locked (decision record 045).
CREATE TABLE `performance_month_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`month` text NOT NULL,
	`kind` text NOT NULL,
	`reason` text NOT NULL,
	`before` text NOT NULL,
	`by_user_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `performance_month_changes_month` ON `performance_month_changes` (`workspace_id`,`unit_id`,`month`);
--> statement-breakpoint
CREATE TRIGGER `performance_month_changes_no_update` BEFORE UPDATE ON `performance_month_changes` BEGIN SELECT RAISE(ABORT, 'A recorded correction cannot be changed'); END;
--> statement-breakpoint
CREATE TABLE `performance_month_locks` (
	`workspace_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`month` text NOT NULL,
	`source_kind` text NOT NULL,
	`source_id` text NOT NULL,
	`reason` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `unit_id`, `month`, `source_kind`, `source_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TRIGGER `performance_month_locks_no_update` BEFORE UPDATE ON `performance_month_locks` BEGIN SELECT RAISE(ABORT, 'A month lock cannot be changed'); END;
--> statement-breakpoint
CREATE TRIGGER `performance_month_changes_no_delete` BEFORE DELETE ON `performance_month_changes` BEGIN SELECT RAISE(ABORT, 'A recorded correction cannot be deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `performance_month_locks_no_delete` BEFORE DELETE ON `performance_month_locks` BEGIN SELECT RAISE(ABORT, 'A month lock cannot be removed'); END;
