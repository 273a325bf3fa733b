import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorReason } from './lib/api.ts';
import { useApi, useSession, useSessionStore } from './lib/context.tsx';
import { hrefOf, type Route, useRoute } from './lib/route.ts';
import type { Session } from './lib/session.ts';
import { AppealsView } from './views/appeals.tsx';
import { AuditView } from './views/audit.tsx';
import { ItemView } from './views/item.tsx';
import { OperatorView } from './views/operator.tsx';
import { QueueView } from './views/queue.tsx';
import { SignIn } from './views/sign-in.tsx';

export function App() {
  const session = useSession();
  return session ? <SignedIn session={session} /> : <SignIn />;
}

/** Operators are whoever the operator API lets in: the console asks once, and shows the view only then. */
function useIsOperator(userId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['operator-probe', userId],
    queryFn: () =>
      api.operator.overview.query().then(
        () => true,
        (error: unknown) => {
          if (errorReason(error) === 'OPERATOR_REQUIRED') return false;
          throw error;
        },
      ),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

function SignOut() {
  const api = useApi();
  const store = useSessionStore();
  const queryClient = useQueryClient();
  return (
    <button
      type="button"
      onClick={async () => {
        await api.auth.logout.mutate().catch(() => undefined);
        store.set(undefined);
        queryClient.clear();
      }}
    >
      Sign out
    </button>
  );
}

function Page({
  route,
  isOperator,
  isModerator,
}: {
  route: Route;
  isOperator: boolean;
  isModerator: boolean;
}) {
  if (!isModerator || (route.name === 'operator' && isOperator)) return isOperator ? <OperatorView /> : null;
  if (route.name === 'item') return <ItemView key={route.id} contentType={route.contentType} id={route.id} />;
  if (route.name === 'audit')
    return <AuditView key={route.targetUserId ?? ''} targetUserId={route.targetUserId} />;
  if (route.name === 'appeals') return <AppealsView />;
  return <QueueView />;
}

function SignedIn({ session }: { session: Session }) {
  const route = useRoute();
  const operator = useIsOperator(session.user.id);
  const isModerator = session.user.is_moderator;
  const isOperator = operator.data === true;
  if (!isModerator && operator.isPending) return <p role="status">Checking your rights…</p>;
  if (!isModerator && !isOperator) {
    return (
      <main className="sign-in">
        <h1>You need moderator rights</h1>
        <p>This console is for moderators and operators. Signed in as {session.user.username}.</p>
        <SignOut />
      </main>
    );
  }
  const links: { route: Route; label: string; show: boolean }[] = [
    { route: { name: 'queue' }, label: 'Queue', show: isModerator },
    { route: { name: 'audit' }, label: 'Audit log', show: isModerator },
    { route: { name: 'appeals' }, label: 'Appeals', show: isModerator },
    { route: { name: 'operator' }, label: 'Operator', show: isOperator },
  ];
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header>
        <span className="brand">Navigator console</span>
        <nav aria-label="Console">
          <ul>
            {links
              .filter((link) => link.show)
              .map((link) => (
                <li key={link.label}>
                  <a
                    href={hrefOf(link.route)}
                    aria-current={
                      link.route.name === route.name || (link.route.name === 'queue' && route.name === 'item')
                        ? 'page'
                        : undefined
                    }
                  >
                    {link.label}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
        <span className="who">{session.user.username}</span>
        <SignOut />
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} isOperator={isOperator} isModerator={isModerator} />
      </main>
    </>
  );
}
