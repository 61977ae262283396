import type { ConnectionStatus } from '../ws/review_client';

interface Props {
  status: ConnectionStatus;
  attempt: number;
  retryAt: number | null;
  now: number;
}

const styles: Record<ConnectionStatus, string> = {
  idle: 'bg-slate-200 text-slate-800',
  connecting: 'bg-amber-100 text-amber-900',
  syncing: 'bg-amber-100 text-amber-900',
  live: 'bg-green-100 text-green-900',
  reconnecting: 'bg-red-100 text-red-900',
  unauthorized: 'bg-red-100 text-red-900',
  closed: 'bg-slate-200 text-slate-800',
};

export function connectionLabel({ status, attempt, retryAt, now }: Props): string {
  switch (status) {
    case 'live':
      return 'Live';
    case 'connecting':
      return 'Connecting…';
    case 'syncing':
      return 'Syncing…';
    case 'reconnecting': {
      const s = retryAt ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : 0;
      return `Disconnected — retrying in ${s}s (attempt ${attempt})`;
    }
    case 'unauthorized':
      return 'Token refused';
    default:
      return 'Offline';
  }
}

export function ConnectionBadge(props: Props) {
  return (
    <span
      role="status"
      data-testid="connection-state"
      data-state={props.status}
      className={`inline-flex items-center gap-2 rounded-full px-3 py-1 text-sm font-medium ${styles[props.status]}`}
    >
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${props.status === 'live' ? 'bg-green-600' : 'bg-current'}`} />
      {connectionLabel(props)}
    </span>
  );
}
