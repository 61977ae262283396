import { useId, useState, type FormEvent } from 'react';

interface Props {
  title: string;
  label: string;
  onSubmit: (token: string) => void;
  error?: string | null;
}

/// Token sign-in form; the token goes to sessionStorage via the caller, never to a log.
export function SignIn({ title, label, onSubmit, error }: Props) {
  const [token, setToken] = useState('');
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const t = token.trim();
    if (t) onSubmit(t);
  };
  return (
    <main className="mx-auto mt-24 max-w-md px-4">
      <form onSubmit={submit} className="space-y-4 rounded-lg border border-slate-300 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold">{title}</h1>
        {error && (
          <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-800">
            {error}
          </p>
        )}
        <div className="space-y-1">
          <label htmlFor={id} className="block text-sm font-medium">
            {label}
          </label>
          <input
            id={id}
            type="password"
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            className="w-full rounded border border-slate-400 px-3 py-2"
            autoFocus
          />
        </div>
        <button type="submit" className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800">
          Sign in
        </button>
      </form>
    </main>
  );
}
