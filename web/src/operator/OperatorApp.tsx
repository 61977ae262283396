import { useEffect, useMemo, useState } from 'react';
import { clearToken, loadToken, saveToken } from '../lib/auth';
import { SignIn } from '../ui/SignIn';
import { defaultSocketUrl, ReviewClient } from '../ws/review_client';
import { QueuePage } from './QueuePage';

export function OperatorApp() {
  const [token, setToken] = useState(() => loadToken('operator'));
  const client = useMemo(() => (token ? new ReviewClient({ url: defaultSocketUrl(), token }) : null), [token]);
  useEffect(() => {
    if (!client) return;
    client.start();
    return () => client.stop();
  }, [client]);

  if (!token || !client) {
    return (
      <SignIn
        title="Operator sign-in"
        label="Operator token"
        onSubmit={(t) => {
          saveToken('operator', t);
          setToken(t);
        }}
      />
    );
  }
  return (
    <QueuePage
      client={client}
      onSignOut={() => {
        clearToken('operator');
        setToken(null);
      }}
    />
  );
}
