import { authExchange } from '@urql/exchange-auth';
import { createClient as createWsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { session } from './session';

const isUnauthenticated = (error: { graphQLErrors: { extensions?: Record<string, unknown> }[]; response?: unknown }) =>
  error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED') ||
  (error.response as Response | undefined)?.status === 401;

/**
 * Subscriptions over graphql-ws, authenticated in connection_init. The connection is rebuilt on a
 * new access token (the server checks the token it was opened with), and a connection the server
 * closes for an ended session ends the session here too.
 */
function createSubscriptions() {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  return createWsClient({
    url,
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: () => !!session.refreshToken,
    connectionParams: async () => {
      if (!session.fresh()) await session.refresh();
      return { authorization: `Bearer ${session.accessToken ?? ''}` };
    },
  });
}

export function createApiClient(): Client {
  const ws = createSubscriptions();
  // The server holds a connection to the token it was opened with; with a new token, open a new
  // one (graphql-ws subscribes again to everything that was running).
  let token = session.accessToken;
  session.subscribe(() => {
    if (token && session.accessToken && session.accessToken !== token) ws.terminate();
    token = session.accessToken;
  });
  return new Client({
    url: '/graphql',
    // Lists change under the user's eyes (statuses, phones): ask the server, show cached data meanwhile.
    requestPolicy: 'cache-and-network',
    exchanges: [
      cacheExchange,
      authExchange((utils) =>
        Promise.resolve({
          addAuthToOperation: (operation) =>
            session.accessToken
              ? utils.appendHeaders(operation, { authorization: `Bearer ${session.accessToken}` })
              : operation,
          willAuthError: () => !session.fresh(),
          didAuthError: (error) => isUnauthenticated(error),
          refreshAuth: async () => {
            await session.refresh();
          },
        }),
      ),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
}
