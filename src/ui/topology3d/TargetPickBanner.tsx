import { useEffect } from 'react';
import { useStore } from 'zustand';
import { FAULT_KIND_LABELS } from '../../store/faults';
import { pickPrompt } from '../../store/targetPick';
import { cancelTargetPick, targetPickStore } from '../../store/targetPickStore';

/**
 * The banner over the room while the inject form's "Pick in 3D" is armed: what to click, why the
 * last click picked nothing, and Cancel. Esc cancels too, before it would clear the selection.
 */
export function TargetPickBanner() {
  const armed = useStore(targetPickStore, (s) => s.armed);
  const on = armed !== undefined;

  useEffect(() => {
    if (!on) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      // Captured ahead of the console's own Escape (clear selection, leave the focused cabinet).
      e.preventDefault();
      e.stopPropagation();
      cancelTargetPick();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [on]);

  if (!armed) return null;
  return (
    <div
      className="tw-pick-banner"
      role="status"
      aria-live="polite"
      data-testid="pick-banner"
      data-kind={armed.kind}
      data-state={armed.message ? 'refused' : armed.firstEnd ? 'first-end' : 'armed'}
    >
      <div className="tw-pick-text">
        <span className="tw-pick-label">Pick target · {FAULT_KIND_LABELS[armed.kind]}</span>
        <strong data-testid="pick-prompt">
          {pickPrompt(armed.kind, armed.firstEnd)} — Esc cancels
        </strong>
        {armed.message && (
          <span className="tw-pick-message" data-testid="pick-message">
            {armed.message}
          </span>
        )}
      </div>
      <button
        type="button"
        className="tw-btn tw-btn-small"
        data-testid="pick-cancel"
        onClick={cancelTargetPick}
      >
        Cancel
      </button>
    </div>
  );
}
