import { Link } from "@remix-run/react";
import { formatDate } from "../../../shared/format/dates";
import { MEETING_KIND_LABELS, type MeetingKind, type MeetingStatus } from "../../../shared/reviews/model";
import { packDueDates, packState } from "../../../shared/reviews/schedule";

export interface ScheduleRow {
  id: string;
  date: string;
  status: MeetingStatus;
  kind: MeetingKind;
  seriesName?: string;
  packToUnitOn: string | null;
  packToInviteesOn: string | null;
  cancelledReason?: string | null;
}

const STATUS: Record<MeetingStatus, string> = { scheduled: "Scheduled", held: "Held", cancelled: "Cancelled" };

/** A pack's state in a few words, with "late" flagged in red. */
export function PackCell({ date, to, on, today }: { date: string; to: "unit" | "invitees"; on: string | null; today: string }) {
  const due = packDueDates(date)[to];
  const s = packState(due, on, today);
  if (s === "late" || s === "overdue") return <strong className="nhsuk-tag nhsuk-tag--red">Late{on ? `: ${formatDate(on)}` : ""}</strong>;
  if (s === "on_time") return <span>{formatDate(on!)}</span>;
  return <span className="nhsuk-body-s">Due {formatDate(due)}</span>;
}

/** A year's meetings: date, series, status and whether each pack went out on time (ULHT §5.1). */
export function ScheduleTable({ workspaceId, today, meetings, showSeries, testId }: { workspaceId: string; today: string; meetings: readonly ScheduleRow[]; showSeries?: boolean; testId?: string }) {
  if (meetings.length === 0) return <p>No meetings are scheduled.</p>;
  return (
    <table className="nhsuk-table" data-testid={testId}>
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Meetings</caption>
      <thead className="nhsuk-table__head">
        <tr>
          <th scope="col">Date</th>
          {showSeries ? <th scope="col">Series</th> : null}
          <th scope="col">Status</th>
          <th scope="col">Pack to the unit</th>
          <th scope="col">Pack to invitees</th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {meetings.map((m) => (
          <tr key={m.id}>
            <th scope="row">
              <Link to={`/w/${workspaceId}/reviews/meetings/${m.id}`}>{formatDate(m.date)}</Link>
              {m.kind === "accountability_review" && !showSeries ? ` (${MEETING_KIND_LABELS[m.kind]})` : ""}
            </th>
            {showSeries ? <td>{m.seriesName}</td> : null}
            <td>
              {STATUS[m.status]}
              {m.status === "cancelled" && m.cancelledReason ? <span className="nhsuk-body-s"> — {m.cancelledReason}</span> : null}
            </td>
            <td>{m.status === "cancelled" ? "—" : <PackCell date={m.date} to="unit" on={m.packToUnitOn} today={today} />}</td>
            <td>{m.status === "cancelled" ? "—" : <PackCell date={m.date} to="invitees" on={m.packToInviteesOn} today={today} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
