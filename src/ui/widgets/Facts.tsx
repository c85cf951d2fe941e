import type { ReactNode } from 'react';

/** A definition list of label → value rows. */
export function Facts({ rows }: { rows: readonly (readonly [string, ReactNode])[] }) {
  return (
    <dl className="tw-facts">
      {rows.map(([k, v]) => (
        <div key={k} className="tw-fact">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
