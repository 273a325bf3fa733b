import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { errorMessage } from '../lib/api.ts';
import { useApi, useSessionStore } from '../lib/context.tsx';

export function SignIn() {
  const api = useApi();
  const store = useSessionStore();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const ids = { username: useId(), password: useId() };
  const login = useMutation({
    mutationFn: () => api.auth.login.mutate({ username, password }),
    onSuccess: (result) =>
      store.set({ token: result.token, refreshToken: result.refresh_token, user: result.user }),
  });
  return (
    <main className="sign-in">
      <h1>Well-being Navigator console</h1>
      <p>For moderators and operators. Sign in with your community account.</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          login.mutate();
        }}
      >
        <label htmlFor={ids.username}>Username</label>
        <input
          id={ids.username}
          autoComplete="username"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <label htmlFor={ids.password}>Password</label>
        <input
          id={ids.password}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {login.error && (
          <p role="alert" className="error">
            {errorMessage(login.error)}
          </p>
        )}
        <button type="submit" className="primary" disabled={login.isPending}>
          Sign in
        </button>
      </form>
    </main>
  );
}
