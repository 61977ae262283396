import { useEffect, useState, useSyncExternalStore } from 'react';

/// The current time, re-rendering every `ms` (for countdowns).
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

export interface Store<T> {
  getState: () => T;
  subscribe: (fn: () => void) => () => void;
}

export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}
