-- The incentive and consequence framework and its ledger (issue 13; docs/decisions/048): each
-- approval freezes the co-edited framework of a year at one log position, hashed and chained; a
-- closed year's ledger, the reserve's draw-downs and the Never Events the gateways read are
-- append-only; Board suspensions, the consequence log and the recognition register are records.
CREATE TABLE `incentive_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`year` integer NOT NULL,
	`number` integer NOT NULL,
	`seq` integer NOT NULL,
	`state` blob NOT NULL,
	`content` text NOT NULL,
	`sha256` text NOT NULL,
	`prev_sha256` text,
	`resolution` text NOT NULL,
	`note` text NOT NULL,
	`approved_by` text,
	`approved_by_name` text,
	`approved_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incentive_versions_number` ON `incentive_versions` (`workspace_id`,`year`,`number`);--> statement-breakpoint
CREATE TRIGGER `incentive_versions_no_update` BEFORE UPDATE ON `incentive_versions` BEGIN SELECT RAISE(ABORT, 'An approved incentive framework cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `incentive_versions_no_delete` BEFORE DELETE ON `incentive_versions` BEGIN SELECT RAISE(ABORT, 'An approved incentive framework cannot be deleted'); END;--> statement-breakpoint
CREATE TABLE `incentive_year_ends` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`year` integer NOT NULL,
	`version_id` text NOT NULL,
	`as_at` text NOT NULL,
	`content` text NOT NULL,
	`sha256` text NOT NULL,
	`closed_by` text,
	`closed_by_name` text,
	`closed_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `incentive_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incentive_year_ends_year` ON `incentive_year_ends` (`workspace_id`,`year`);--> statement-breakpoint
CREATE TRIGGER `incentive_year_ends_no_update` BEFORE UPDATE ON `incentive_year_ends` BEGIN SELECT RAISE(ABORT, 'A closed year-end ledger cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `incentive_year_ends_no_delete` BEFORE DELETE ON `incentive_year_ends` BEGIN SELECT RAISE(ABORT, 'A closed year-end ledger cannot be deleted'); END;--> statement-breakpoint
CREATE TABLE `incentive_drawdowns` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`amount` real NOT NULL,
	`purpose` text NOT NULL,
	`nature` text NOT NULL,
	`decision_id` text NOT NULL,
	`approver` text NOT NULL,
	`second_approver` text,
	`on_date` text NOT NULL,
	`authority` text NOT NULL,
	`certificate_hash` text NOT NULL,
	`recorded_by` text,
	`recorded_by_name` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `incentive_drawdowns_unit` ON `incentive_drawdowns` (`workspace_id`,`unit_id`);--> statement-breakpoint
CREATE TRIGGER `incentive_drawdowns_no_update` BEFORE UPDATE ON `incentive_drawdowns` BEGIN SELECT RAISE(ABORT, 'A draw-down cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `incentive_drawdowns_no_delete` BEFORE DELETE ON `incentive_drawdowns` BEGIN SELECT RAISE(ABORT, 'A draw-down cannot be deleted'); END;--> statement-breakpoint
CREATE TABLE `incentive_suspensions` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`resolution` text NOT NULL,
	`reason` text NOT NULL,
	`scope_kind` text NOT NULL,
	`scope_unit_id` text,
	`scope_name` text NOT NULL,
	`from_date` text NOT NULL,
	`until_date` text,
	`recorded_by` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `never_events` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`on_date` text NOT NULL,
	`reference` text NOT NULL,
	`description` text NOT NULL,
	`recorded_by` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `never_events_unit` ON `never_events` (`workspace_id`,`unit_id`);--> statement-breakpoint
CREATE TRIGGER `never_events_no_delete` BEFORE DELETE ON `never_events` BEGIN SELECT RAISE(ABORT, 'A reported Never Event cannot be deleted'); END;--> statement-breakpoint
CREATE TABLE `incentive_consequences` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`kind` text NOT NULL,
	`applied_on` text NOT NULL,
	`reason` text NOT NULL,
	`exit_criteria` text NOT NULL,
	`review_by` text,
	`exited_on` text,
	`exit_note` text,
	`recorded_by` text,
	`recorded_by_name` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `incentive_consequences_unit` ON `incentive_consequences` (`workspace_id`,`unit_id`);--> statement-breakpoint
CREATE TABLE `incentive_recognition` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`recipient` text NOT NULL,
	`kind` text NOT NULL,
	`description` text NOT NULL,
	`on_date` text NOT NULL,
	`recorded_by` text,
	`recorded_by_name` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `incentive_recognition_unit` ON `incentive_recognition` (`workspace_id`,`unit_id`);
