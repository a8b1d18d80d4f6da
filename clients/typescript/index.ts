import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.js';

/** The resources of the API by name: `Schemas['Message']`, `Schemas['Problem']`, … */
export type Schemas = components['schemas'];
export type { paths, components };

export interface GatewayClientOptions {
  /** Where the gateway answers, such as `http://localhost:3000`. */
  baseUrl: string;
  /** An access token (`/v1/auth/login` or `/v1/oauth/token`), sent as `Authorization: Bearer …`. */
  token?: string;
  fetch?: typeof globalThis.fetch;
}

/**
 * A typed client of the REST API (openapi-fetch over the generated `paths`): paths, parameters,
 * bodies and answers, problems included, are checked by the compiler.
 *
 * ```ts
 * const gateway = createGatewayClient({ baseUrl: 'http://localhost:3000', token });
 * const { data, error } = await gateway.POST('/v1/messages', { body: { to: '+4915123456789', body: 'Hi' } });
 * ```
 */
export function createGatewayClient(options: GatewayClientOptions): Client<paths> {
  const client = createClient<paths>({ baseUrl: options.baseUrl, fetch: options.fetch });
  if (options.token) {
    const bearer: Middleware = {
      onRequest({ request }) {
        request.headers.set('authorization', `Bearer ${options.token}`);
        return request;
      },
    };
    client.use(bearer);
  }
  return client;
}
