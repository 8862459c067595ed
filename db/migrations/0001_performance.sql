CREATE TABLE `autonomy_overrides` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`month_from` text NOT NULL,
	`level` integer NOT NULL,
	`reason` text NOT NULL,
	`by_user_id` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `autonomy_overrides_unit_idx` ON `autonomy_overrides` (`workspace_id`,`unit_id`);--> statement-breakpoint
CREATE TABLE `performance_finance` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`month` text NOT NULL,
	`plan` real NOT NULL,
	`actual` real NOT NULL,
	`tolerance_pct` real,
	`source` text NOT NULL,
	`entered_by` text,
	`entered_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`entered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `performance_finance_unique` ON `performance_finance` (`workspace_id`,`unit_id`,`month`);--> statement-breakpoint
CREATE TABLE `performance_indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`month` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`value` real NOT NULL,
	`target` real NOT NULL,
	`direction` text NOT NULL,
	`key` integer DEFAULT false NOT NULL,
	`measure_unit` text,
	`source` text NOT NULL,
	`entered_by` text,
	`entered_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`entered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `performance_indicators_unique` ON `performance_indicators` (`workspace_id`,`unit_id`,`month`,`code`);--> statement-breakpoint
CREATE INDEX `performance_indicators_month_idx` ON `performance_indicators` (`workspace_id`,`month`);--> statement-breakpoint
CREATE TABLE `performance_policy` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`month` text NOT NULL,
	`adherent` integer NOT NULL,
	`note` text,
	`source` text NOT NULL,
	`entered_by` text,
	`entered_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`entered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `performance_policy_unique` ON `performance_policy` (`workspace_id`,`unit_id`,`month`);