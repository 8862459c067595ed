CREATE TABLE `kpi_definitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`code` text NOT NULL,
	`definition` text NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kpi_definitions_code` ON `kpi_definitions` (`workspace_id`,`code`);--> statement-breakpoint
CREATE TABLE `kpi_targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`code` text NOT NULL,
	`year` text NOT NULL,
	`value` real NOT NULL,
	`source` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kpi_targets_code_year` ON `kpi_targets` (`workspace_id`,`code`,`year`);--> statement-breakpoint
CREATE TABLE `spc_annotations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`code` text NOT NULL,
	`month` text NOT NULL,
	`text` text NOT NULL,
	`by_user_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `spc_annotations_series` ON `spc_annotations` (`workspace_id`,`unit_id`,`code`);--> statement-breakpoint
CREATE TABLE `spc_baselines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`code` text NOT NULL,
	`from_month` text NOT NULL,
	`reason` text NOT NULL,
	`approved_by` text NOT NULL,
	`by_user_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `spc_baselines_series` ON `spc_baselines` (`workspace_id`,`unit_id`,`code`);--> statement-breakpoint
-- A rebase is a recorded decision (issue 14: "recorded with its reason and who approved it").
CREATE TRIGGER `spc_baselines_no_update` BEFORE UPDATE ON `spc_baselines` BEGIN SELECT RAISE(ABORT, 'A rebase cannot be changed once recorded'); END;--> statement-breakpoint
CREATE TRIGGER `spc_baselines_no_delete` BEFORE DELETE ON `spc_baselines` BEGIN SELECT RAISE(ABORT, 'A rebase cannot be deleted'); END;
