import { useStore } from 'zustand';
import { dismissError, sessionStore } from '../store/sessionStore';
import { downloadText } from './hooks';

/** A broken share link and runtime errors, shown until dismissed; the console keeps working. */
export function Banners() {
  const linkError = useStore(sessionStore, (s) => s.linkError);
  const errors = useStore(sessionStore, (s) => s.errors);
  // Always rendered (possibly empty): it holds the grid row between the top bar and the body.
  return (
    <div className="tw-banners">
      {linkError && (
        <div className="tw-banner tw-banner-error" role="alert" data-testid="link-error">
          <div className="tw-banner-text">
            <strong>This share link could not be opened.</strong>{' '}
            {linkError.reason.replace(/[.\s]+$/, '')}. The default scenario was opened instead.
          </div>
          <button
            type="button"
            className="tw-btn tw-btn-small"
            data-testid="link-error-download"
            onClick={() =>
              downloadText('supernode-twin-broken-link.txt', linkError.payload, 'text/plain')
            }
          >
            Download the link's payload
          </button>
          <button
            type="button"
            className="tw-btn tw-btn-small tw-btn-ghost"
            aria-label="Dismiss"
            onClick={() => sessionStore.setState({ linkError: undefined })}
          >
            ×
          </button>
        </div>
      )}
      {errors.map((error) => (
        <div
          key={error.id}
          className="tw-banner tw-banner-error"
          role="alert"
          data-testid="console-error"
        >
          <div className="tw-banner-text">{error.message}</div>
          <button
            type="button"
            className="tw-btn tw-btn-small tw-btn-ghost"
            aria-label="Dismiss"
            onClick={() => dismissError(sessionStore, error.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
