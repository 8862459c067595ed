-- Issue 13: review meeting series, their schedules, meetings, attendance, decisions and the log of
-- how each year's schedule was generated and re-planned (decision record 047). The action logs are
-- co-edited documents (`actions/<seriesId>`), not tables.
CREATE TABLE `review_series` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`kind` text NOT NULL,
	`tier` text NOT NULL,
	`unit_id` text,
	`name` text NOT NULL,
	`chair_name` text NOT NULL,
	`chair_user_id` text,
	`secretary_name` text NOT NULL,
	`secretary_user_id` text,
	`essential_attendees` text NOT NULL,
	`quorum` integer NOT NULL,
	`frequency` text NOT NULL,
	`cadence` text,
	`severity` text NOT NULL,
	`rule_nth` integer NOT NULL,
	`rule_weekday` integer NOT NULL,
	`planned_level` integer,
	`planned_determination_id` integer,
	`action_prefix` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`chair_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`secretary_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `review_series_workspace` ON `review_series` (`workspace_id`,`unit_id`);--> statement-breakpoint
CREATE TABLE `review_meetings` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`series_id` text NOT NULL,
	`kind` text NOT NULL,
	`year` integer NOT NULL,
	`date` text NOT NULL,
	`status` text NOT NULL,
	`level` integer,
	`pack_to_unit_on` text,
	`pack_to_invitees_on` text,
	`pack_link` text NOT NULL,
	`agenda` text NOT NULL,
	`rating` text,
	`minutes` text NOT NULL,
	`cancelled_reason` text,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`series_id`) REFERENCES `review_series`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `review_meetings_series` ON `review_meetings` (`workspace_id`,`series_id`,`date`);--> statement-breakpoint
CREATE INDEX `review_meetings_date` ON `review_meetings` (`workspace_id`,`date`);--> statement-breakpoint
CREATE TABLE `review_attendance` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`meeting_id` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`essential` integer NOT NULL,
	`status` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`meeting_id`) REFERENCES `review_meetings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `review_attendance_meeting` ON `review_attendance` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `review_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`meeting_id` text NOT NULL,
	`kind` text NOT NULL,
	`unit_id` text,
	`summary` text NOT NULL,
	`detail` text,
	`recorded_by` text,
	`recorded_by_name` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`meeting_id`) REFERENCES `review_meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `review_decisions_meeting` ON `review_decisions` (`workspace_id`,`meeting_id`);--> statement-breakpoint
-- A decision of a review is kept whole, like a plan's recorded steps (0007): a correction is a new decision.
CREATE TRIGGER `review_decisions_no_update` BEFORE UPDATE ON `review_decisions` BEGIN SELECT RAISE(ABORT, 'A recorded review decision cannot be changed'); END;--> statement-breakpoint
CREATE TABLE `review_schedule_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`series_id` text NOT NULL,
	`year` integer NOT NULL,
	`kind` text NOT NULL,
	`from_date` text NOT NULL,
	`level_before` integer,
	`level_after` integer,
	`cadence_before` text,
	`cadence_after` text NOT NULL,
	`added` text NOT NULL,
	`cancelled` text NOT NULL,
	`reason` text NOT NULL,
	`determination_id` integer,
	`actor_id` text,
	`actor_name` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`series_id`) REFERENCES `review_series`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `review_schedule_log_series` ON `review_schedule_log` (`workspace_id`,`series_id`);--> statement-breakpoint
CREATE TRIGGER `review_schedule_log_no_update` BEFORE UPDATE ON `review_schedule_log` BEGIN SELECT RAISE(ABORT, 'A schedule log entry cannot be changed'); END;
