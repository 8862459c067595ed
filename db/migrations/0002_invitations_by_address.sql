PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`board_signatory` integer DEFAULT false NOT NULL,
	`service_line_ids` text DEFAULT '[]' NOT NULL,
	`may_set_password` integer DEFAULT false NOT NULL,
	`user_id` text,
	`invited_by` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Invitations now carry the address, the name the administrator typed and the access offered, and
-- the membership is created only on acceptance. Earlier invitations are carried over from their
-- user and membership rows. Of a person's open invitations only the earliest may still choose the
-- password (none once the account has one); the others need the person to sign in first.
INSERT INTO `__new_invitations`("id", "workspace_id", "email", "name", "role", "board_signatory", "service_line_ids", "may_set_password", "user_id", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at")
SELECT i."id", i."workspace_id", u."email", u."name", COALESCE(m."role", 'viewer'), COALESCE(m."board_signatory", 0), COALESCE(m."service_line_ids", '[]'),
  CASE WHEN u."password_hash" IS NULL AND i."accepted_at" IS NULL AND NOT EXISTS (
    SELECT 1 FROM `invitations` o
    WHERE o."user_id" = i."user_id" AND o."id" <> i."id" AND o."accepted_at" IS NULL AND o."expires_at" > unixepoch() * 1000
      AND (o."created_at" < i."created_at" OR (o."created_at" = i."created_at" AND o."id" < i."id"))
  ) THEN 1 ELSE 0 END,
  CASE WHEN i."accepted_at" IS NOT NULL THEN i."user_id" END,
  i."invited_by", i."created_at", i."expires_at", i."accepted_at", NULL
FROM `invitations` i
JOIN `users` u ON u."id" = i."user_id"
LEFT JOIN `memberships` m ON m."workspace_id" = i."workspace_id" AND m."user_id" = i."user_id";--> statement-breakpoint
DROP TABLE `invitations`;--> statement-breakpoint
ALTER TABLE `__new_invitations` RENAME TO `invitations`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `invitations_email_idx` ON `invitations` (`email`);--> statement-breakpoint
CREATE INDEX `invitations_workspace_idx` ON `invitations` (`workspace_id`);--> statement-breakpoint
-- A person who never chose a password was only ever invited: their access now waits in the
-- invitation above, so that it is granted only to whoever accepts that workspace's own link.
DELETE FROM `memberships` WHERE "user_id" IN (SELECT "id" FROM `users` WHERE "password_hash" IS NULL);
