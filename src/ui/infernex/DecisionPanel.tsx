import { useStore } from 'zustand';
import { infernexStore } from '../../store/infernexStore';
import { formatSeconds, formatTerm } from './infernexFormat';

const SHOWN = 12;

/** The last routing decision, explained: the rule that decided and every candidate's score. */
export function DecisionPanel() {
  const decision = useStore(infernexStore, (s) => s.live?.lastDecision);
  const policy = useStore(infernexStore, (s) => s.info?.policy);
  if (!decision)
    return (
      <div className="tw-inx-card tw-inx-decision" data-testid="inx-decision">
        <div className="tw-section-title">Last routing decision</div>
        <p className="tw-muted tw-hint">
          Run a replay: each arrival's placement is explained here.
        </p>
      </div>
    );
  const d = decision.decision;
  const ordered = [...d.scores].sort((a, b) =>
    d.better === 'lower' ? a.score - b.score : b.score - a.score,
  );
  const shown = ordered.slice(0, SHOWN);
  const termNames = [...new Set(shown.flatMap((s) => Object.keys(s.terms)))];
  return (
    <div className="tw-inx-card tw-inx-decision" data-testid="inx-decision">
      <div className="tw-section-title">
        Last routing decision{' '}
        <span className="tw-muted">#{decision.number.toLocaleString('en-US')}</span>
      </div>
      <p className="tw-hint">
        {policy} placed request <span className="tw-num">#{decision.request.id}</span> (
        <span className="tw-num">{decision.request.inputTokens.toLocaleString('en-US')}</span>{' '}
        tokens, <span className="tw-num">{decision.request.blocks}</span> blocks) at{' '}
        <span className="tw-num">{formatSeconds(decision.atUs / 1e6)}</span> on instance{' '}
        <strong className="tw-num" data-testid="inx-decision-instance">
          {d.instance}
        </strong>
        : <em>{d.rule}</em>
        {d.fetch && (
          <>
            {' '}
            — copies {d.fetch.blocks} blocks from instance {d.fetch.fromInstance} first
          </>
        )}
      </p>
      <div className="tw-inx-scroll">
        <table className="tw-table tw-inx-table">
          <thead>
            <tr>
              <th>inst.</th>
              <th className="tw-inx-r">score ({d.better} wins)</th>
              {termNames.map((t) => (
                <th key={t} className="tw-inx-r">
                  {t}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => (
              <tr key={s.instance} className={s.instance === d.instance ? 'tw-inx-row-on' : ''}>
                <td className="tw-num">{s.instance}</td>
                <td className="tw-num tw-inx-r">{formatTerm(s.score)}</td>
                {termNames.map((t) => (
                  <td key={t} className="tw-num tw-inx-r">
                    {s.terms[t] === undefined ? '' : formatTerm(s.terms[t])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {ordered.length > SHOWN && (
        <p className="tw-muted tw-hint">
          best {SHOWN} of {ordered.length} candidates shown
        </p>
      )}
    </div>
  );
}
