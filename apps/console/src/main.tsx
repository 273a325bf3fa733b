import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { createConsoleApi } from './lib/api.ts';
import { ConsoleProvider } from './lib/context.tsx';
import { createSessionStore } from './lib/session.ts';
import './styles.css';

const store = createSessionStore();
const api = createConsoleApi({ baseUrl: window.location.origin, store });
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true, staleTime: 5_000 } },
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ConsoleProvider api={api} store={store}>
          <App />
        </ConsoleProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
