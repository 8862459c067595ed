-- SLM maturity self-assessment (issue 15; docs/decisions/044-slm-maturity-assessment.md): each
-- approval freezes the co-edited assessment at one log position, hashed and chained per year and scope.
CREATE TABLE `assessment_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`year` integer NOT NULL,
	`unit_id` text DEFAULT '' NOT NULL,
	`number` integer NOT NULL,
	`framework` text NOT NULL,
	`seq` integer NOT NULL,
	`state` blob NOT NULL,
	`content` text NOT NULL,
	`sha256` text NOT NULL,
	`prev_sha256` text,
	`note` text NOT NULL,
	`approved_by` text,
	`approved_by_name` text,
	`approved_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assessment_versions_number` ON `assessment_versions` (`workspace_id`,`year`,`unit_id`,`number`);--> statement-breakpoint
CREATE TRIGGER `assessment_versions_no_update` BEFORE UPDATE ON `assessment_versions` BEGIN SELECT RAISE(ABORT, 'An approved assessment cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `assessment_versions_no_delete` BEFORE DELETE ON `assessment_versions` BEGIN SELECT RAISE(ABORT, 'An approved assessment cannot be deleted'); END;
