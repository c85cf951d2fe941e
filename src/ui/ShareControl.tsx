import { useState } from 'react';
import { SHARE_INLINE_LIMIT, encodeShareState } from '../sim/shareLink';
import { frameBus } from '../store/frameBus';
import { sessionStore } from '../store/sessionStore';
import { sessionFileJson, sessionFileName } from '../store/shareState';
import { reportError } from '../store/errors';
import { formatCount } from './format';
import { downloadText } from './hooks';
import { currentShareState } from './shareSnapshot';

type ShareOutcome =
  | {
      readonly kind: 'link';
      readonly url: string;
      readonly length: number;
      readonly copied: 'pending' | 'yes' | 'no';
    }
  | { readonly kind: 'too-long'; readonly length: number };

/** "Copy link": the scenario, the actions and the view, in the URL fragment. */
export function ShareControl() {
  const [outcome, setOutcome] = useState<ShareOutcome | undefined>(undefined);

  const share = () => {
    try {
      const state = currentShareState();
      if (!state) return;
      const fragment = encodeShareState(state);
      if (fragment.length > SHARE_INLINE_LIMIT) {
        setOutcome({ kind: 'too-long', length: fragment.length });
        return;
      }
      // replaceState: the address bar shows the link without a navigation or a `hashchange`.
      history.replaceState(history.state, '', `#${fragment}`);
      const url = location.href;
      setOutcome({ kind: 'link', url, length: fragment.length, copied: 'pending' });
      const clipboard = navigator.clipboard as Clipboard | undefined;
      const copy = clipboard ? clipboard.writeText(url) : Promise.reject(new Error('no clipboard'));
      copy.then(
        () =>
          setOutcome((o) => (o?.kind === 'link' && o.url === url ? { ...o, copied: 'yes' } : o)),
        () => setOutcome((o) => (o?.kind === 'link' && o.url === url ? { ...o, copied: 'no' } : o)),
      );
    } catch (error) {
      reportError('The share link could not be built', error);
    }
  };

  const downloadFile = () => {
    const { scenario, actions } = sessionStore.getState();
    if (!scenario) return;
    downloadText(
      sessionFileName(scenario, frameBus.latest()?.timeUs ?? 0),
      sessionFileJson(scenario, actions),
    );
  };

  return (
    <div className="tw-share">
      <button
        type="button"
        className="tw-btn"
        data-testid="copy-link"
        onClick={share}
        title="Copy a link to this moment"
      >
        Copy link
      </button>
      {outcome && (
        <div className="tw-popover" role="dialog" aria-label="Share link">
          {outcome.kind === 'link' ? (
            <>
              <div className="tw-popover-title">
                {outcome.copied === 'yes'
                  ? 'Link copied to the clipboard'
                  : outcome.copied === 'no'
                    ? 'Clipboard unavailable — copy the link below'
                    : 'Copying…'}
              </div>
              <input
                className="tw-share-url"
                data-testid="share-url"
                readOnly
                value={outcome.url}
                onFocus={(e) => e.target.select()}
              />
              <div className="tw-popover-foot">
                <span className="tw-muted tw-num">
                  {formatCount(outcome.length)} characters · opens on this sim time, selection and
                  view
                </span>
                <button
                  type="button"
                  className="tw-btn tw-btn-small"
                  onClick={() => setOutcome(undefined)}
                >
                  Close
                </button>
              </div>
            </>
          ) : (
            <>
              <div className="tw-popover-title" data-testid="share-too-long">
                This session is too large for a link
              </div>
              <p className="tw-muted">
                It needs {formatCount(outcome.length)} characters; links carry{' '}
                {formatCount(SHARE_INLINE_LIMIT)} reliably. Download the scenario file (scenario +
                your actions) and share that instead.
              </p>
              <div className="tw-popover-foot">
                <button
                  type="button"
                  className="tw-btn tw-btn-primary"
                  data-testid="share-download"
                  onClick={downloadFile}
                >
                  Download scenario file
                </button>
                <button
                  type="button"
                  className="tw-btn tw-btn-small"
                  onClick={() => setOutcome(undefined)}
                >
                  Close
                </button>
              </div>
            </>
          )}
        </div>
      )}
    </div>
  );
}
