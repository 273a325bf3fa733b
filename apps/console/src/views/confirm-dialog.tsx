import { type ReactNode, useEffect, useId, useRef, useState } from 'react';

/**
 * A modal that asks for the reason every moderator action requires. Focus goes to the reason field
 * and returns to where it was; Escape cancels.
 */
export function ConfirmDialog(props: {
  title: string;
  confirmLabel: string;
  destructive?: boolean;
  preview?: (reason: string) => string;
  /** Who reads the reason and the preview: the author, or the person whose appeal it is. */
  audience?: string;
  children?: ReactNode;
  busy?: boolean;
  error?: string | undefined;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const audience = props.audience ?? 'The author';
  const titleId = useId();
  const fieldId = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    field.current?.focus();
    return () => previous?.focus();
  }, []);

  return (
    <div className="backdrop">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={(event) => {
          if (event.key === 'Escape') props.onCancel();
        }}
      >
        <h2 id={titleId}>{props.title}</h2>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (reason.trim()) props.onConfirm(reason.trim());
          }}
        >
          {props.children}
          <label htmlFor={fieldId}>Reason ({audience.toLowerCase()} sees it)</label>
          <textarea
            id={fieldId}
            ref={field}
            required
            maxLength={500}
            rows={3}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          {props.preview && (
            <p className="preview">
              <span className="label">{audience} will see: </span>
              {props.preview(reason)}
            </p>
          )}
          {props.error && (
            <p role="alert" className="error">
              {props.error}
            </p>
          )}
          <div className="buttons">
            <button type="button" onClick={props.onCancel}>
              Cancel
            </button>
            <button
              type="submit"
              className={props.destructive ? 'danger' : 'primary'}
              disabled={props.busy || !reason.trim()}
            >
              {props.confirmLabel}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
