import { useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { formatSimTime, parseDuration } from '../sim/time';
import { playback } from '../store/playback';
import { PLAYBACK_SPEEDS, playbackStore } from '../store/playbackStore';
import { sessionStore } from '../store/sessionStore';
import { formatSpeed } from './format';
import { ShareControl } from './ShareControl';

export function TopBar() {
  const { scenario, cluster, status } = useStore(
    sessionStore,
    useShallow((s) => ({ scenario: s.scenario, cluster: s.cluster, status: s.status })),
  );
  return (
    <header className="tw-topbar">
      <div className="tw-brand">
        <span className="tw-brand-mark" aria-hidden="true" />
        SuperNode Twin
      </div>
      <div className="tw-scenario-id" title={scenario?.description}>
        <span className="tw-scenario-name" data-testid="scenario-name">
          {scenario?.name ?? 'No scenario'}
        </span>
        {scenario && (
          <span className="tw-chip" title={cluster?.profile.name ?? scenario.profile}>
            {scenario.profile}
          </span>
        )}
        <span
          className={`tw-status tw-status-${status}`}
          data-testid="runtime-status"
          title={`runtime ${status}`}
        >
          {status === 'ready' ? '' : status}
        </span>
      </div>
      <Transport />
      <ShareControl />
    </header>
  );
}

function Transport() {
  const { playing, speed, timeUs, durationUs, sliceUs, seeking } = useStore(
    playbackStore,
    useShallow((s) => ({
      playing: s.playing,
      speed: s.speed,
      timeUs: s.timeUs,
      durationUs: s.durationUs,
      sliceUs: s.sliceUs,
      seeking: s.seeking,
    })),
  );
  const ready = useStore(sessionStore, (s) => s.status === 'ready');
  const [dragUs, setDragUs] = useState<number | undefined>(undefined);
  const [typed, setTyped] = useState('');
  const [typedError, setTypedError] = useState<string | undefined>(undefined);
  const atEnd = durationUs > 0 && timeUs >= durationUs;

  const onGoTo = (event: FormEvent) => {
    event.preventDefault();
    const us = parseDuration(typed);
    if (us === undefined) {
      setTypedError('Type a time like 90s, 12m, 1.5h or 250ms');
      return;
    }
    if (us > durationUs) {
      setTypedError(`The scenario ends at ${formatSimTime(durationUs)}`);
      return;
    }
    setTypedError(undefined);
    setTyped('');
    void playback.seek(us);
  };

  return (
    <div className="tw-transport">
      <button
        type="button"
        className="tw-btn tw-btn-primary tw-play"
        data-testid="play"
        aria-pressed={playing}
        disabled={!ready || (atEnd && !playing)}
        onClick={() => playback.toggle()}
        title="Play / pause (space)"
      >
        <span className={playing ? 'tw-icon-pause' : 'tw-icon-play'} aria-hidden="true" />
        {playing ? 'Pause' : 'Play'}
      </button>
      <button
        type="button"
        className="tw-btn"
        data-testid="step"
        disabled={!ready || atEnd}
        onClick={() => void playback.step()}
        title={`Step one slice (${sliceUs / 1000} ms of sim time)`}
      >
        Step
      </button>
      <label className="tw-speed">
        <span className="tw-visually-hidden">Speed</span>
        <select
          data-testid="speed-select"
          value={speed}
          onChange={(e) => playback.setSpeed(Number(e.target.value))}
          title="Sim seconds per wall second"
        >
          {PLAYBACK_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {formatSpeed(s)}
            </option>
          ))}
        </select>
      </label>
      <div className="tw-clock" title="Sim time / scenario length">
        <output
          data-testid="sim-time"
          data-time-us={timeUs}
          className={seeking ? 'tw-num tw-busy' : 'tw-num'}
        >
          {formatSimTime(dragUs ?? timeUs)}
        </output>
        <span className="tw-clock-total tw-num">/ {formatSimTime(durationUs)}</span>
      </div>
      <input
        type="range"
        className="tw-seek"
        data-testid="seek"
        aria-label="Seek"
        min={0}
        max={durationUs}
        step={sliceUs}
        value={dragUs ?? timeUs}
        disabled={!ready}
        onChange={(e) => {
          const us = Number(e.target.value);
          setDragUs(us);
          void playback.seek(us).then(() => setDragUs(undefined));
        }}
      />
      <form className="tw-goto" onSubmit={onGoTo}>
        <input
          type="text"
          data-testid="seek-input"
          aria-label="Go to sim time"
          placeholder="go to… 90s"
          value={typed}
          aria-invalid={typedError !== undefined}
          title={typedError ?? 'Type a sim time and press Enter'}
          onChange={(e) => {
            setTyped(e.target.value);
            setTypedError(undefined);
          }}
          disabled={!ready}
        />
        {typedError && (
          <span className="tw-goto-error" role="status" data-testid="seek-input-error">
            {typedError}
          </span>
        )}
      </form>
    </div>
  );
}
