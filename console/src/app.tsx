import { Alert, Center, Loader, MantineProvider, Stack, Text, Title, Button } from '@mantine/core';
import {
  Suspense,
  lazy,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ComponentType,
  type ReactNode,
} from 'react';
import { Link, Navigate, RouterProvider, createBrowserRouter, useLocation, useRouteError } from 'react-router';
import { Provider, useQuery } from 'urql';
import { Shell, signOut } from './components/shell';
import { graphql } from './gql';
import { createApiClient } from './lib/client';
import { MeContext, useCan, type Me, type Scope } from './lib/me';
import { postGraphQL, session } from './lib/session';
import { PAGES } from './routes';
import { cssVariablesResolver, theme } from './theme';

const MeQuery = graphql(`
  query ConsoleMe {
    me {
      subjectId
      scopes
      account {
        id
        name
      }
      user {
        id
        email
        role
      }
    }
  }
`);

function useSignedIn(): boolean {
  return useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => !!session.accessToken,
  );
}

function FullPageLoader() {
  return (
    <Center h="60vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}

/** Pages behind sign-in: restores the session from the tab's refresh token, then loads who is signed in. */
function SignedIn() {
  const signedIn = useSignedIn();
  const location = useLocation();
  const [restoring, setRestoring] = useState(!signedIn && !!session.refreshToken);
  useEffect(() => {
    if (!restoring) return;
    void session.refresh().finally(() => setRestoring(false));
  }, [restoring]);
  if (restoring) return <FullPageLoader />;
  if (!signedIn) {
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`} replace />;
  }
  return <WithMe />;
}

function WithMe() {
  const [{ data, error }] = useQuery({ query: MeQuery, requestPolicy: 'network-only' });
  const me = useMemo<Me | undefined>(
    () =>
      data && {
        userId: data.me.user?.id ?? data.me.subjectId,
        email: data.me.user?.email ?? data.me.subjectId,
        role: data.me.user?.role ?? 'client',
        accountName: data.me.account.name,
        scopes: new Set(data.me.scopes),
      },
    [data],
  );
  if (error && !data) {
    return (
      <Center h="60vh">
        <Alert color="red" title="The console could not load your account">
          {error.message}
        </Alert>
      </Center>
    );
  }
  if (!me) return <FullPageLoader />;
  return (
    <MeContext.Provider value={me}>
      <Shell onSignOut={() => signOut((refreshToken) => postGraphQL(SIGN_OUT, { input: { refreshToken } }))} />
    </MeContext.Provider>
  );
}

const SIGN_OUT = `mutation SignOut($input: SignOutInput!) { signOut(input: $input) }`;

export function NotAllowed() {
  return (
    <Stack maw={520} mt="xl">
      <Title order={2}>Not allowed</Title>
      <Text>Your role does not include this page. Ask an owner or admin of the account if you need it.</Text>
      <Button component={Link} to="/" variant="light" w="fit-content">
        Back to the dashboard
      </Button>
    </Stack>
  );
}

function Allowed({ scope, children }: { scope: Scope; children: ReactNode }) {
  return useCan(scope) ? children : <NotAllowed />;
}

/** A page that threw while rendering: say so instead of a blank screen. */
function Crashed() {
  const error = useRouteError();
  return (
    <Stack maw={560} m="xl">
      <Title order={2}>Something went wrong</Title>
      <Alert color="red" role="alert">
        {error instanceof Error ? error.message : 'The page failed to render.'}
      </Alert>
      <Button component="a" href="/console/" variant="light" w="fit-content">
        Reload the console
      </Button>
    </Stack>
  );
}

function NotFound() {
  return (
    <Stack maw={520} mt="xl">
      <Title order={2}>Page not found</Title>
      <Text>There is no console page at this address.</Text>
      <Button component={Link} to="/" variant="light" w="fit-content">
        Back to the dashboard
      </Button>
    </Stack>
  );
}

const page = (load: () => Promise<{ default: ComponentType }>) => {
  const Page = lazy(load);
  return (
    <Suspense fallback={<FullPageLoader />}>
      <Page />
    </Suspense>
  );
};

const router = createBrowserRouter(
  [
    { path: '/sign-in', element: page(() => import('./pages/sign-in')) },
    { path: '/accept-invite', element: page(() => import('./pages/accept-invite')) },
    {
      element: <SignedIn />,
      errorElement: <Crashed />,
      children: [
        ...PAGES.map((p) => ({ path: p.path, element: <Allowed scope={p.scope}>{page(p.load)}</Allowed> })),
        { path: '*', element: <NotFound /> },
      ],
    },
  ],
  { basename: '/console' },
);

/**
 * When a session ends (sign-out, or the server refused a refresh), the page starts over: nothing
 * the last user loaded stays in the cache, and no subscription stays open.
 */
function useStartOverWhenSessionEnds(): void {
  useEffect(() => {
    let signedIn = !!session.accessToken;
    return session.subscribe(() => {
      const now = !!session.accessToken;
      if (signedIn && !now) window.location.replace('/console/sign-in');
      signedIn = now;
    });
  }, []);
}

export function App() {
  const client = useMemo(() => createApiClient(), []);
  useStartOverWhenSessionEnds();
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <Provider value={client}>
        <RouterProvider router={router} />
      </Provider>
    </MantineProvider>
  );
}
