-- Escalation of deteriorating service lines between accountability reviews (issue 13; ULHT §4 and §6;
-- docs/decisions/049-agreed-levels-and-escalation.md). Both tables are append-only: an escalation's
-- progress is a series of dated events, and its status is derived from them.
CREATE TABLE `escalations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`opened_on` text NOT NULL,
	`month` text NOT NULL,
	`trigger` text NOT NULL,
	`detail` text NOT NULL,
	`level_before` integer NOT NULL,
	`by_user_id` text,
	`by_name` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `escalations_unit` ON `escalations` (`workspace_id`,`unit_id`);--> statement-breakpoint
CREATE TABLE `escalation_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`escalation_id` integer NOT NULL REFERENCES `escalations`(`id`),
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`option` text,
	`note` text NOT NULL,
	`by_user_id` text,
	`by_name` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `escalation_events_escalation` ON `escalation_events` (`workspace_id`,`escalation_id`);--> statement-breakpoint
CREATE TRIGGER `escalations_no_update` BEFORE UPDATE ON `escalations` BEGIN SELECT RAISE(ABORT, 'An escalation cannot be changed: record an event instead'); END;--> statement-breakpoint
CREATE TRIGGER `escalations_no_delete` BEFORE DELETE ON `escalations` BEGIN SELECT RAISE(ABORT, 'An escalation cannot be deleted'); END;--> statement-breakpoint
CREATE TRIGGER `escalation_events_no_update` BEFORE UPDATE ON `escalation_events` BEGIN SELECT RAISE(ABORT, 'An escalation event cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `escalation_events_no_delete` BEFORE DELETE ON `escalation_events` BEGIN SELECT RAISE(ABORT, 'An escalation event cannot be deleted'); END;
--> statement-breakpoint
-- The review meeting at which a level was agreed (issue 13: the accountability review agrees levels).
ALTER TABLE `autonomy_determinations` ADD `review_meeting_id` text;
