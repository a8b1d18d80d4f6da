import { JwtService } from '@nestjs/jwt';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HeadlessAgent } from '@sms-gateway/android-agent/headless';
import { TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

interface Feed<T> {
  events: T[];
  errors: any[];
  completed: boolean;
  dispose(): void;
}

const MESSAGE_STATUS = `subscription ($messageId: ID) {
  messageStatusChanged(messageId: $messageId) { messageId status at deviceId errorCode }
}`;
const DEVICE_STATUS = 'subscription { deviceStatusChanged { deviceId status at reason } }';
const INBOUND = 'subscription { inboundMessageReceived { id from to body deviceId simSlot receivedAt createdAt } }';

describe('GraphQL subscriptions over graphql-ws', () => {
  let gw: TestGateway;
  let a: { accountId: string; token: string; phone: HeadlessAgent };
  let b: { accountId: string; token: string; phone: HeadlessAgent };
  const clients: Client[] = [];

  const connect = (connectionParams?: Record<string, unknown>, { lazy = true } = {}): Client => {
    const client = createClient({
      url: `${gw.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
      lazy,
    });
    clients.push(client);
    return client;
  };

  const subscribe = <T>(client: Client, query: string, variables: Record<string, unknown> = {}): Feed<T> => {
    const field = /{\s*(\w+)/.exec(query.slice(query.indexOf('{')))![1];
    const feed: Feed<T> = { events: [], errors: [], completed: false, dispose: () => undefined };
    feed.dispose = client.subscribe<Record<string, T>>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) feed.errors.push(...result.errors);
          else feed.events.push(result.data![field]);
        },
        // GraphQL errors come as a list; a refused or lost connection as one event.
        error: (error) => (Array.isArray(error) ? feed.errors.push(...error) : feed.errors.push(error)),
        complete: () => (feed.completed = true),
      },
    );
    return feed;
  };

  /** The subscription is live once the gateway listens on the account's Redis channel for it. */
  const listening = (accountId: string, kind: string) =>
    waitFor(
      async () => (await gw.redis.pubsub('NUMSUB', `${gw.config.REDIS_PREFIX}:account:${accountId}:${kind}`))[1],
      (subscribers) => Number(subscribers) > 0,
      { what: `a subscriber to ${kind} of ${accountId}` },
    );

  const send = async (token: string, body: string): Promise<string> => {
    const res = await gw.request('POST', '/v1/messages', { token, json: { to: '+4915123456789', body } });
    expect(res.status).toBe(202);
    return res.body.id as string;
  };

  beforeAll(async () => {
    gw = await TestGateway.start();
    const [accountA, accountB] = [await gw.createAccount('Subscriber A'), await gw.createAccount('Subscriber B')];
    a = { ...accountA, phone: await gw.pairAgent(accountA.token, { name: 'phone-a' }) };
    b = { ...accountB, phone: await gw.pairAgent(accountB.token, { name: 'phone-b' }) };
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) await client.dispose();
    // Every subscription ended, so the next test's `listening` sees only its own.
    await waitFor(
      () => gw.redis.pubsub('CHANNELS', `${gw.config.REDIS_PREFIX}:account:*`),
      (channels) => (channels as string[]).length === 0,
      { what: 'no subscription left' },
    );
  });

  afterAll(async () => {
    await gw?.stop();
  });

  it("a subscription sees the statuses of its own account's messages only", async () => {
    const ofA = subscribe<any>(connect({ authorization: `Bearer ${a.token}` }), MESSAGE_STATUS);
    // `Authorization`, as an HTTP header is spelled, works too.
    const ofB = subscribe<any>(connect({ Authorization: `Bearer ${b.token}` }), MESSAGE_STATUS);
    await listening(a.accountId, 'messageStatus');
    await listening(b.accountId, 'messageStatus');

    const fromA = await send(a.token, 'to A subscribers');
    const fromB = await send(b.token, 'to B subscribers');
    await gw.waitForStatus(a.token, fromA, ['delivered']);
    await gw.waitForStatus(b.token, fromB, ['delivered']);
    // Published after the commit, so the last one may still be on its way.
    await waitFor(
      () => [ofA, ofB].map((f) => f.events.at(-1)?.status),
      (last) => last.every((s) => s === 'delivered'),
      { what: 'both subscribers to see delivered' },
    );

    expect(ofA.errors).toEqual([]);
    expect(ofA.events.map((e) => [e.messageId, e.status])).toEqual(
      ['queued', 'sending', 'sent', 'delivered'].map((s) => [fromA, s]),
    );
    expect(ofA.events.at(-1)).toMatchObject({ deviceId: a.phone.deviceId, errorCode: null });
    expect(Date.parse(ofA.events[0].at)).not.toBeNaN();
    // B's were published all the same, to B alone.
    expect(ofB.events.map((e) => [e.messageId, e.status])).toEqual(
      ['queued', 'sending', 'sent', 'delivered'].map((s) => [fromB, s]),
    );
  });

  it('with a messageId, sees that message only', async () => {
    const sendAt = new Date(Date.now() + 60_000).toISOString();
    const later = await gw.request('POST', '/v1/messages', {
      token: a.token,
      json: { to: '+4915123456789', body: 'later', sendAt },
    });
    expect(later.status).toBe(202);
    const one = subscribe<any>(connect({ authorization: `Bearer ${a.token}` }), MESSAGE_STATUS, {
      messageId: later.body.id,
    });
    await listening(a.accountId, 'messageStatus');

    const other = await send(a.token, 'not this one');
    await gw.waitForStatus(a.token, other, ['delivered']);
    expect((await gw.request('POST', `/v1/messages/${later.body.id}/cancel`, { token: a.token })).status).toBe(200);
    await waitFor(
      () => one.events.length,
      (n) => n > 0,
      { what: 'the canceled event' },
    );

    expect(one.events.map((e) => [e.messageId, e.status])).toEqual([[later.body.id, 'canceled']]);
  });

  it('inboundMessageReceived brings the SMS an own phone receives, not those of other accounts', async () => {
    const ofA = subscribe<any>(connect({ authorization: `Bearer ${a.token}` }), INBOUND);
    const ofB = subscribe<any>(connect({ authorization: `Bearer ${b.token}` }), INBOUND);
    await listening(a.accountId, 'inbound');
    await listening(b.accountId, 'inbound');

    a.phone.transport.simulateIncoming({ from: '+4915123456789', body: 'hi', simSlot: 0 });
    b.phone.transport.simulateIncoming({ from: '+4915199999999', body: 'hello B', simSlot: 0 });
    await waitFor(
      () => [ofA.events.length, ofB.events.length],
      ([inA, inB]) => inA > 0 && inB > 0,
      { what: 'an inbound SMS for each account' },
    );

    expect(ofA.events).toEqual([
      {
        id: expect.any(String),
        from: '+4915123456789',
        to: null,
        body: 'hi',
        deviceId: a.phone.deviceId,
        simSlot: 0,
        receivedAt: expect.any(String),
        createdAt: expect.any(String),
      },
    ]);
    expect(ofB.events.map((e) => e.body)).toEqual(['hello B']);
    // The same SMS the list shows.
    const listed = await gw.graphql('{ inboundMessages(first: 5) { edges { node { id } } } }', {}, a.token);
    expect(listed.body.data.inboundMessages.edges.map((e: any) => e.node.id)).toEqual([ofA.events[0].id]);
  });

  it('refuses a connection without a token, with a bad one, or with one that is not a bearer token', async () => {
    for (const params of [
      undefined,
      { authorization: 'Bearer not-a-jwt' },
      { authorization: `Basic ${Buffer.from('admin@example.test:x').toString('base64')}` },
      { authorization: a.token },
    ]) {
      const client = connect(params);
      let connected = false;
      client.on('connected', () => (connected = true));
      const feed = subscribe(client, MESSAGE_STATUS);
      await waitFor(
        () => feed.errors.length,
        (n) => n > 0,
        { what: `a refusal of ${JSON.stringify(params)}` },
      );
      expect(connected).toBe(false);
      expect(feed.events).toEqual([]);
    }
  });

  it('refuses a subscription the token has no scope for with FORBIDDEN', async () => {
    const created = await gw.request('POST', '/v1/oauth-clients', {
      token: a.token,
      json: { name: 'sender only', scopes: ['messages:send'] },
    });
    expect(created.status).toBe(201);
    const issued = await gw.request('POST', '/v1/oauth/token', {
      json: {
        grant_type: 'client_credentials',
        client_id: created.body.clientId,
        client_secret: created.body.clientSecret,
      },
    });
    expect(issued.status).toBe(200);
    const client = connect({ authorization: `Bearer ${issued.body.access_token}` });

    for (const query of [MESSAGE_STATUS, INBOUND, DEVICE_STATUS]) {
      const feed = subscribe(client, query);
      await waitFor(
        () => feed.errors.length,
        (n) => n > 0,
        { what: `the refusal of ${query}` },
      );
      expect(feed.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    }
  });

  it('ends a subscription with UNAUTHENTICATED when its token expires', async () => {
    // A's own claims, signed by the gateway to expire within two seconds (at least one from now).
    const jwt = gw.running.app.get(JwtService, { strict: false });
    const { exp: _exp, iat: _iat, aud: _aud, iss: _iss, ...claims } = jwt.decode<Record<string, unknown>>(a.token);
    const shortLived = await jwt.signAsync(claims, { expiresIn: 2 });
    // Not lazy: the connection outlives its subscriptions, so the second one below uses it too.
    const client = connect({ authorization: `Bearer ${shortLived}` }, { lazy: false });
    const feed = subscribe(client, MESSAGE_STATUS);
    await listening(a.accountId, 'messageStatus');

    await waitFor(
      () => feed.errors.length,
      (n) => n > 0,
      { timeoutMs: 5000, what: 'the end of the subscription' },
    );
    expect(feed.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    // A new subscription on the same connection is refused too: the token is checked at each subscribe.
    const again = subscribe(client, MESSAGE_STATUS);
    await waitFor(
      () => again.errors.length,
      (n) => n > 0,
      { what: 'the refusal of a new subscription' },
    );
    expect(again.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('lets a gateway stop while subscriptions are open, ending them', async () => {
    const other = await TestGateway.start();
    let feed: Feed<unknown>;
    try {
      const client = createClient({
        url: `${other.url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${await other.login()}` },
        retryAttempts: 0,
      });
      clients.push(client);
      feed = subscribe(client, DEVICE_STATUS);
      await waitFor(
        () => other.redis.pubsub('CHANNELS', `${other.config.REDIS_PREFIX}:account:*`),
        (channels) => (channels as string[]).length > 0,
        { what: 'the subscription' },
      );
    } catch (error) {
      await other.stop();
      throw error;
    }

    let stopped = false;
    void other.stop().then(() => (stopped = true));
    // Socket.IO used to close the HTTP server it shares with subscriptions first, and wait for their
    // sockets until the clients left.
    await waitFor(
      () => stopped,
      (done) => done,
      { timeoutMs: 5000, what: 'the gateway to stop' },
    );
    await waitFor(
      () => feed.errors.length,
      (n) => n > 0,
      { what: 'the client to be told' },
    );
  });

  it("deviceStatusChanged sees the account's phone go offline, not another account's", async () => {
    const ofA = subscribe<any>(connect({ authorization: `Bearer ${a.token}` }), DEVICE_STATUS);
    const ofB = subscribe<any>(connect({ authorization: `Bearer ${b.token}` }), DEVICE_STATUS);
    await listening(a.accountId, 'deviceStatus');
    await listening(b.accountId, 'deviceStatus');

    await b.phone.stop();
    await a.phone.stop();
    await waitFor(
      () => [ofA.events.length, ofB.events.length],
      ([inA, inB]) => inA > 0 && inB > 0,
      { what: 'an offline event for each account' },
    );

    expect(ofA.events).toEqual([
      { deviceId: a.phone.deviceId, status: 'offline', at: expect.any(String), reason: 'disconnected' },
    ]);
    expect(ofB.events.map((e) => [e.deviceId, e.status])).toEqual([[b.phone.deviceId, 'offline']]);
  });
});
