import { descriptorParts } from "../../../shared/maturity/framework";

/** A level descriptor as the seed wrote it: a lead sentence and, where the seed lists points, a list. */
export function Descriptor({ raw }: { raw: string }) {
  const { lead, bullets } = descriptorParts(raw);
  return (
    <>
      {lead ? <span>{lead}</span> : null}
      {bullets.length ? (
        <ul className="app-assessment-bullets">
          {bullets.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
