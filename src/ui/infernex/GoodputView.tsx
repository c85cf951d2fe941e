import { useStore } from 'zustand';
import { POLICY_NAMES, type PolicyName } from '../../engines/infernex/routers/types';
import { RATE_FACTORS } from '../../engines/infernex/studies';
import { runRateSweep, updateInferNexSettings } from '../../store/infernexRun';
import { infernexStore } from '../../store/infernexStore';
import { formatSeconds, formatShare } from './infernexFormat';
import { StudyChart, type StudyLine } from './StudyChart';
import { formatRate } from './studyFormat';
import { StudyRunRow, type StudyResultOf } from './studyParts';

const CURVE_COLORS = ['#4cc2ff', '#d29922'];
const OFFERED = '#5c6a7c';

const formatRateTick = (x: number) => `${Number(x.toFixed(2))}`;
const formatShareTick = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Goodput under the SLO against the request rate: the slice's arrivals sped up or slowed down
 * (×0.25 … ×3), each replayed to the end in the worker, for the replay's policy and optionally a
 * second one.
 */
export function GoodputView({ problem }: { readonly problem: string | undefined }) {
  const settings = useStore(infernexStore, (s) => s.settings);
  const study = useStore(infernexStore, (s) => s.studies.sweep);
  const second =
    settings.sweepPolicy2 && settings.sweepPolicy2 !== settings.policy
      ? settings.sweepPolicy2
      : undefined;
  const runs = RATE_FACTORS.length * (second ? 2 : 1);
  return (
    <div className="tw-inx-study" data-testid="inx-study-goodput-view">
      <div className="tw-inx-line">
        <label className="tw-inx-field">
          <span>policy</span>
          <span className="tw-inx-static tw-num">{settings.policy}</span>
        </label>
        <label className="tw-inx-field">
          <span>against</span>
          <select
            value={settings.sweepPolicy2 ?? ''}
            data-testid="inx-sweep-policy2"
            onChange={(e) =>
              updateInferNexSettings({
                sweepPolicy2: e.target.value === '' ? undefined : (e.target.value as PolicyName),
              })
            }
          >
            <option value="">nothing (one curve)</option>
            {POLICY_NAMES.filter((p) => p !== settings.policy).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <StudyRunRow
          kind="sweep"
          state={study}
          label={`Sweep ${RATE_FACTORS.length} rates × ${second ? 2 : 1} (${runs} replays)`}
          disabled={problem !== undefined}
          onRun={() => void runRateSweep(RATE_FACTORS)}
          testId="inx-sweep-run"
        />
      </div>
      {problem && <p className="tw-field-error">{problem}</p>}
      <p className="tw-muted tw-hint">
        Rates ×{RATE_FACTORS.join(', ×')} of the slice's own: the gaps between arrivals shrink or
        grow, the requests stay the same. Goodput counts completed requests with TTFT ≤{' '}
        {settings.sloTtftS} s and TPOT ≤ {settings.sloTpotS} s per second of the run; DistServe's
        goodput is the highest rate at which ≥ 90 % of them meet it.
      </p>
      {study.status === 'done' && <SweepResultView result={study.result} />}
    </div>
  );
}

function SweepResultView({ result }: { readonly result: StudyResultOf<'sweep'> }) {
  const rates = result.curves.flatMap((c) => c.points.map((p) => p.ratePerS));
  const maxRate = Math.max(...rates);
  const goodput: StudyLine[] = [
    {
      key: 'offered',
      label: 'offered',
      color: OFFERED,
      dashed: true,
      points: [
        [0, 0],
        [maxRate, maxRate],
      ],
    },
    ...result.curves.flatMap((c, k): StudyLine[] => [
      {
        key: `${c.policy}-good`,
        label: `${c.policy} goodput`,
        color: CURVE_COLORS[k],
        markers: true,
        points: c.points.map((p) => [p.ratePerS, p.goodputRps]),
        note: `max ${formatRate(Math.max(...c.points.map((p) => p.goodputRps)))}`,
      },
      {
        key: `${c.policy}-thru`,
        label: `${c.policy} throughput`,
        color: CURVE_COLORS[k],
        dashed: true,
        points: c.points.map((p) => [p.ratePerS, p.throughputRps]),
      },
    ]),
  ];
  const allMeet = (c: (typeof result.curves)[number]) =>
    c.distServeRps !== undefined && c.distServeRps >= maxRate;
  const attainment: StudyLine[] = result.curves.map((c, k) => ({
    key: c.policy,
    label: c.policy,
    color: CURVE_COLORS[k],
    markers: true,
    points: c.points.map((p) => [p.ratePerS, p.attainment]),
    note:
      c.distServeRps === undefined
        ? 'under 90 % at every rate'
        : allMeet(c)
          ? '≥ 90 % at every swept rate'
          : `≥ 90 % up to ${formatRate(c.distServeRps)}`,
  }));
  const xDomain = [0, maxRate * 1.03] as const;
  // The offered diagonal runs off the top: the measured curves set the scale.
  const measuredTop = Math.max(
    ...result.curves.flatMap((c) => c.points.flatMap((p) => [p.goodputRps, p.throughputRps])),
  );
  return (
    <>
      <div className="tw-inx-study-charts tw-inx-study-charts-2">
        <StudyChart
          title="Goodput (meeting the SLO) and throughput, requests/s"
          lines={goodput}
          yMax={Math.max(0.1, measuredTop * 1.15)}
          xDomain={xDomain}
          xLabel="offered requests/s"
          xFormat={formatRateTick}
          yFormat={formatRateTick}
          testId="inx-sweep-chart-goodput"
        />
        <StudyChart
          title="SLO attainment (completed requests meeting both limits)"
          lines={attainment}
          xDomain={xDomain}
          yMax={1}
          rules={[{ y: 0.9, label: '90 %' }]}
          xLabel="offered requests/s"
          xFormat={formatRateTick}
          yFormat={formatShareTick}
          testId="inx-sweep-chart-attainment"
        />
      </div>
      <div className="tw-inx-scroll">
        <table className="tw-table tw-inx-table tw-inx-study-table" data-testid="inx-sweep-table">
          <thead>
            <tr>
              <th rowSpan={2}>rate</th>
              {result.curves.map((c) => (
                <th key={c.policy} colSpan={4} className="tw-inx-c">
                  {c.policy}{' '}
                  <span
                    className="tw-muted"
                    data-testid={`inx-sweep-distserve-${c.policy}`}
                    data-value={c.distServeRps ?? 0}
                  >
                    (DistServe goodput{' '}
                    {c.distServeRps === undefined
                      ? 'below the lowest rate'
                      : allMeet(c)
                        ? `≥ ${formatRate(c.distServeRps)}, the highest swept`
                        : formatRate(c.distServeRps)}
                    )
                  </span>
                </th>
              ))}
            </tr>
            <tr>
              {result.curves.flatMap((c) => [
                <th key={`${c.policy}-g`} className="tw-inx-r">
                  goodput
                </th>,
                <th key={`${c.policy}-a`} className="tw-inx-r">
                  SLO met
                </th>,
                <th key={`${c.policy}-t`} className="tw-inx-r">
                  TTFT p90
                </th>,
                <th key={`${c.policy}-p`} className="tw-inx-r">
                  TPOT mean
                </th>,
              ])}
            </tr>
          </thead>
          <tbody>
            {result.curves[0].points.map((point, i) => (
              <tr key={point.factor} data-testid="inx-sweep-row">
                <td className="tw-num">
                  ×{point.factor} · {formatRate(point.ratePerS)}
                </td>
                {result.curves.flatMap((c) => {
                  const p = c.points[i];
                  return [
                    <td
                      key={`${c.policy}-g`}
                      className="tw-num tw-inx-r"
                      data-testid="inx-sweep-goodput"
                      data-value={p.goodputRps}
                    >
                      {formatRate(p.goodputRps)}
                    </td>,
                    <td key={`${c.policy}-a`} className="tw-num tw-inx-r" data-value={p.attainment}>
                      {formatShare(p.attainment)}
                    </td>,
                    <td key={`${c.policy}-t`} className="tw-num tw-inx-r">
                      {formatSeconds(p.ttftP90S)}
                    </td>,
                    <td key={`${c.policy}-p`} className="tw-num tw-inx-r">
                      {formatSeconds(p.tpotMeanS)}
                    </td>,
                  ];
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="tw-muted tw-hint">
        {result.requests.toLocaleString('en-US')} requests, seed {result.seed}; the slice's own rate
        is {formatRate(result.baseRatePerS)}. SLO of this sweep: TTFT ≤ {result.slo.ttftS} s, TPOT ≤{' '}
        {result.slo.tpotS} s.
      </p>
    </>
  );
}
