import { errorMessage } from '../lib/api.ts';

export function Failure({ error }: { error: unknown }) {
  return (
    <p role="alert" className="error">
      {errorMessage(error)}
    </p>
  );
}

const TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function formatTime(iso: string): string {
  return TIME.format(new Date(iso));
}
