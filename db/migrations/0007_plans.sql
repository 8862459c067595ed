CREATE TABLE `plan_rounds` (
	`workspace_id` text NOT NULL,
	`year` integer NOT NULL,
	`board_priorities` text NOT NULL,
	`guidance` text NOT NULL,
	`cip_percent` real NOT NULL,
	`trust_plan` integer,
	`corporate` integer NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `year`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `plan_milestones` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`year` integer NOT NULL,
	`status` text NOT NULL,
	`label` text NOT NULL,
	`due` text NOT NULL,
	`due_end` text,
	`position` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plan_milestones_year` ON `plan_milestones` (`workspace_id`,`year`);--> statement-breakpoint
CREATE TABLE `plan_division_guidance` (
	`workspace_id` text NOT NULL,
	`year` integer NOT NULL,
	`unit_id` text NOT NULL,
	`control_total` integer,
	`reserve` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `year`, `unit_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `plan_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`year` integer NOT NULL,
	`unit_id` text NOT NULL,
	`kind` text NOT NULL,
	`capacity` text,
	`note` text NOT NULL,
	`actor_id` text,
	`actor_name` text NOT NULL,
	`on_date` text NOT NULL,
	`at` integer NOT NULL,
	`seq` integer NOT NULL,
	`sha256` text NOT NULL,
	`content` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `plan_events_plan` ON `plan_events` (`workspace_id`,`year`,`unit_id`);--> statement-breakpoint
-- A plan's recorded steps are its approval history: kept whole, like version events (0003).
CREATE TRIGGER `plan_events_no_update` BEFORE UPDATE ON `plan_events` BEGIN SELECT RAISE(ABORT, 'A recorded step of a plan cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `plan_events_no_delete` BEFORE DELETE ON `plan_events` BEGIN SELECT RAISE(ABORT, 'A recorded step of a plan cannot be deleted'); END;
