import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "../../shared/format/dates";
import { assessQuorum, describeQuorumRule } from "../../shared/governance/quorum";
import { CAPACITY_LABELS, VERSIONED_DOC_LABELS, type QuorumResult } from "../../shared/governance/types";
import { getGovernanceSettings, getMeeting, getVersion, listBoardMembers, listVersionEvents } from "../../server/repositories/governance";
import { GovernanceNav } from "../components/governance/GovernanceNav";
import { requireMember } from "../utils/auth.server";
import { notFound } from "../utils/http";

/**
 * One Board meeting: who attended in which capacity, whether the meeting was quorate, and for each
 * item it resolved (a version approved, a Chair's action ratified) the quorum for that item with the
 * directors who declared a conflict left out. Issue 11: "declared conflicts per item … conflicted
 * directors do not count for that item. An inquorate item cannot be approved." Any member may read.
 * The meeting is looked up within this workspace only, so another trust's meeting id is a 404.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const meeting = params.meetingId ? getMeeting(context.db, workspace.id, params.meetingId) : null;
  if (!meeting) notFound("No such Board meeting");
  const { quorum: rule } = getGovernanceSettings(context.db, workspace.id);
  const names = new Map(listBoardMembers(context.db, workspace.id).map((m) => [m.id, m.name]));
  for (const a of meeting.attendance) names.set(a.memberId, a.name);
  const items = listVersionEvents(context.db, workspace.id)
    .filter((e) => e.meetingId === meeting.id && (e.kind === "approved" || e.kind === "ratified"))
    .map((e) => {
      const v = getVersion(context.db, workspace.id, e.versionId);
      return {
        id: e.id,
        kind: e.kind,
        versionId: e.versionId,
        label: v ? `${VERSIONED_DOC_LABELS[v.doc]} version ${v.number}` : "A version no longer on record",
        title: v?.title ?? "",
        minuteRef: e.minuteRef,
        effectiveFrom: e.effectiveFrom,
        conflicted: e.conflicted.map((id) => names.get(id) ?? "A former member of the Board"),
        quorum: assessQuorum(rule, meeting.attendance, e.conflicted),
      };
    });
  return {
    workspaceId: workspace.id,
    meeting,
    ruleText: describeQuorumRule(rule),
    quorum: assessQuorum(rule, meeting.attendance, []),
    items,
  };
}

function QuorumLine({ q }: { q: QuorumResult }) {
  return (
    <>
      <strong className={"nhsuk-tag " + (q.quorate ? "nhsuk-tag--green" : "nhsuk-tag--red")}>{q.quorate ? "Quorate" : "Not quorate"}</strong>{" "}
      {q.voting} voting director{q.voting === 1 ? "" : "s"} counted: {q.nonExecutive} non-executive (the Chair or Vice-Chair {q.chairOrVice ? "among them" : "not among them"}) and {q.executive} executive.
      {q.reasons.length ? (
        <ul className="nhsuk-list nhsuk-list--bullet nhsuk-u-margin-top-2">
          {q.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

export default function Meeting() {
  const { workspaceId, meeting, ruleText, quorum, items } = useLoaderData<typeof loader>();
  const present = meeting.attendance.filter((a) => a.present).length;
  return (
    <>
      <GovernanceNav workspaceId={workspaceId} current="board" />
      <p>
        <Link to={`/w/${workspaceId}/governance/board#meetings`}>All Board meetings</Link>
      </p>
      <h1>
        {meeting.title}, {formatDate(meeting.date)}
      </h1>
      <p className="nhsuk-body-l">
        {meeting.part === "public" ? "Meeting in public" : "Meeting in private"}; {present} of {meeting.attendance.length} members present.
      </p>

      <h2>Quorum</h2>
      <p>The quorum is {ruleText}.</p>
      <p>
        For business with no declared conflicts of interest: <QuorumLine q={quorum} />
      </p>

      <h2>Attendance</h2>
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption">Members in office on {formatDate(meeting.date)} and whether they were present</caption>
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Capacity</th>
            <th scope="col">Present</th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {meeting.attendance.map((a) => (
            <tr key={a.memberId}>
              <td>{a.name}</td>
              <td>{CAPACITY_LABELS[a.capacity]}</td>
              <td>{a.present ? "Present" : "Absent"}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Items resolved</h2>
      {items.length ? (
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption">Versions approved and Chair&apos;s actions ratified at this meeting, with the quorum for each item</caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Resolution</th>
              <th scope="col">Minute</th>
              <th scope="col">Declared a conflict</th>
              <th scope="col">Quorum for the item</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {items.map((i) => (
              <tr key={i.id}>
                <td>
                  <Link to={`/w/${workspaceId}/versions/${i.versionId}`}>{i.label}</Link>
                  {i.title ? <div className="nhsuk-body-s nhsuk-u-margin-bottom-0">{i.title}</div> : null}
                </td>
                <td>
                  {i.kind === "approved" ? "Approved" : "Chair's action ratified"}
                  {i.effectiveFrom ? `, in force from ${formatDate(i.effectiveFrom)}` : ""}
                </td>
                <td>{i.minuteRef ?? "None recorded"}</td>
                <td>{i.conflicted.length ? i.conflicted.join(", ") : "None"}</td>
                <td>
                  <QuorumLine q={i.quorum} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No versions were approved or ratified at this meeting.</p>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Board meeting, ${formatDate(data.meeting.date)} – Devolve` : "Board meeting – Devolve" }];
