/** An earned-autonomy badge: the text "Level 2" always, colour only as a second cue. */
export function LevelBadge({ level, review, testId }: { level: 1 | 2 | 3 | 4; review?: string; testId?: string }) {
  return (
    <strong className={`app-badge app-badge--l${level} app-level-badge`} data-testid={testId}>
      Level {level}
      {review ? <span className="app-level-badge__review"> · {review}</span> : null}
    </strong>
  );
}
