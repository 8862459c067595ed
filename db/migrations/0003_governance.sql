CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text,
	`at` integer NOT NULL,
	`actor_id` text,
	`actor_name` text,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`detail` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_events_ws` ON `audit_events` (`workspace_id`,`at`);--> statement-breakpoint
CREATE TABLE `autonomy_determinations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`effective_from` text NOT NULL,
	`level` integer NOT NULL,
	`computed_level` integer,
	`basis_month` text,
	`rules_version_id` text,
	`figures_hash` text,
	`source` text NOT NULL,
	`reason` text NOT NULL,
	`by_user_id` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `autonomy_determinations_unit` ON `autonomy_determinations` (`workspace_id`,`unit_id`,`effective_from`);--> statement-breakpoint
CREATE TABLE `board_meetings` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`title` text NOT NULL,
	`date` text NOT NULL,
	`part` text NOT NULL,
	`attendance` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `board_meetings_ws` ON `board_meetings` (`workspace_id`,`date`);--> statement-breakpoint
CREATE TABLE `board_members` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`title` text NOT NULL,
	`capacity` text NOT NULL,
	`from` text NOT NULL,
	`to` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `board_members_ws` ON `board_members` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `doc_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`doc` text NOT NULL,
	`number` text NOT NULL,
	`title` text NOT NULL,
	`owner` text NOT NULL,
	`narrative` text NOT NULL,
	`seq` integer NOT NULL,
	`state` blob NOT NULL,
	`content` text NOT NULL,
	`sha256` text NOT NULL,
	`prev_sha256` text,
	`editors` text NOT NULL,
	`cover` text NOT NULL,
	`review_by` text NOT NULL,
	`proposed_effective_from` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `doc_versions_number` ON `doc_versions` (`workspace_id`,`doc`,`number`);--> statement-breakpoint
CREATE INDEX `doc_versions_doc` ON `doc_versions` (`workspace_id`,`doc`,`created_at`);--> statement-breakpoint
CREATE TABLE `governance_settings` (
	`workspace_id` text PRIMARY KEY NOT NULL,
	`quorum` text NOT NULL,
	`foundation_trust` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `role_tenures` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`person` text NOT NULL,
	`role` text NOT NULL,
	`level_id` text NOT NULL,
	`unit_id` text,
	`from` text NOT NULL,
	`to` text,
	`acting` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `role_tenures_ws` ON `role_tenures` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `temporary_delegations` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`delegator` text NOT NULL,
	`delegate` text NOT NULL,
	`decision_ids` text NOT NULL,
	`from` text NOT NULL,
	`to` text NOT NULL,
	`reason` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `temporary_delegations_ws` ON `temporary_delegations` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `version_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`version_id` text NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`committee` text,
	`meeting_id` text,
	`minute_ref` text,
	`outcome` text,
	`effective_from` text,
	`review_by` text,
	`consulted` text DEFAULT '[]' NOT NULL,
	`conflicted` text DEFAULT '[]' NOT NULL,
	`by_user_id` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `version_events_version` ON `version_events` (`workspace_id`,`version_id`);--> statement-breakpoint
-- Approved versions, their lifecycle, determinations and the audit chain are append-only for every
-- writer, not only the app (docs/decisions/040-versions-and-approval.md). A refused write raises.
CREATE TRIGGER `doc_versions_no_update` BEFORE UPDATE ON `doc_versions` BEGIN SELECT RAISE(ABORT, 'A version cannot be changed once made'); END;--> statement-breakpoint
CREATE TRIGGER `doc_versions_no_delete` BEFORE DELETE ON `doc_versions` BEGIN SELECT RAISE(ABORT, 'A version cannot be deleted'); END;--> statement-breakpoint
CREATE TRIGGER `version_events_no_update` BEFORE UPDATE ON `version_events` BEGIN SELECT RAISE(ABORT, 'A recorded step cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `version_events_no_delete` BEFORE DELETE ON `version_events` BEGIN SELECT RAISE(ABORT, 'A recorded step cannot be deleted'); END;--> statement-breakpoint
CREATE TRIGGER `autonomy_determinations_no_update` BEFORE UPDATE ON `autonomy_determinations` BEGIN SELECT RAISE(ABORT, 'A determination cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `autonomy_determinations_no_delete` BEFORE DELETE ON `autonomy_determinations` BEGIN SELECT RAISE(ABORT, 'A determination cannot be deleted'); END;--> statement-breakpoint
CREATE TRIGGER `audit_events_no_update` BEFORE UPDATE ON `audit_events` BEGIN SELECT RAISE(ABORT, 'The audit trail cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `audit_events_no_delete` BEFORE DELETE ON `audit_events` BEGIN SELECT RAISE(ABORT, 'The audit trail cannot be deleted'); END;
--> statement-breakpoint
-- The update log is the attributable history the audit trail reads: kept whole.
CREATE TRIGGER `doc_updates_no_update` BEFORE UPDATE ON `doc_updates` BEGIN SELECT RAISE(ABORT, 'The edit history cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `doc_updates_no_delete` BEFORE DELETE ON `doc_updates` BEGIN SELECT RAISE(ABORT, 'The edit history cannot be deleted'); END;
