import { RequestMethod } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { RESOLVER_TYPE_METADATA } from '@nestjs/graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_KEY, SCOPES_KEY } from '../../src/common/auth.decorators.js';
import { TestGateway } from '../support/gateway.js';

/** Every REST route and GraphQL field states who may call it (STYLE.md): none is left to a default. */
describe('access rules', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await TestGateway.start();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  function handlers(kind: 'controller' | 'resolver') {
    const app = gw.running.app;
    const discovery = app.get(DiscoveryService);
    const scanner = app.get(MetadataScanner);
    const wrappers = kind === 'controller' ? discovery.getControllers() : discovery.getProviders();
    const found: { name: string; handler: (...args: unknown[]) => unknown; cls: Function }[] = [];
    for (const wrapper of wrappers) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || !wrapper.metatype) continue;
      const proto = Object.getPrototypeOf(instance) as Record<string, (...args: unknown[]) => unknown>;
      for (const method of scanner.getAllMethodNames(proto)) {
        const handler = proto[method];
        const isRoute =
          Reflect.getMetadata(PATH_METADATA, handler) !== undefined &&
          Reflect.getMetadata(METHOD_METADATA, handler) !== undefined;
        const isField = Reflect.getMetadata(RESOLVER_TYPE_METADATA, handler) !== undefined;
        if ((kind === 'controller' && isRoute) || (kind === 'resolver' && isField)) {
          found.push({ name: `${wrapper.metatype.name}.${method}`, handler, cls: wrapper.metatype as Function });
        }
      }
    }
    return found;
  }

  it('finds the routes and resolvers it checks (so the check below cannot pass vacuously)', () => {
    const routes = handlers('controller').map((h) => h.name);
    expect(routes).toEqual(
      expect.arrayContaining(['MessagesController.send', 'AuthController.login', 'DevicesController.create']),
    );
    const fields = handlers('resolver').map((h) => h.name);
    expect(fields).toEqual(
      expect.arrayContaining([
        'MessagesResolver.sendMessage',
        'MessagesResolver.message',
        'DevicesResolver.devicesList',
        'SubscriptionsResolver.messageStatusChanged',
      ]),
    );
    expect(RequestMethod.POST).toBeDefined();
  });

  it('has @Public or @RequireScopes on every REST route and GraphQL field', () => {
    const reflector = gw.running.app.get(Reflector);
    const undeclared = [...handlers('controller'), ...handlers('resolver')]
      .filter(({ handler, cls }) => {
        const targets = [handler, cls];
        return !reflector.getAllAndOverride(PUBLIC_KEY, targets) && !reflector.getAllAndOverride(SCOPES_KEY, targets);
      })
      .map((h) => h.name);
    expect(undeclared).toEqual([]);
  });

  it('keeps public routes to the ones meant to be public', () => {
    const reflector = gw.running.app.get(Reflector);
    const publicOnes = [...handlers('controller'), ...handlers('resolver')]
      .filter(({ handler, cls }) => reflector.getAllAndOverride(PUBLIC_KEY, [handler, cls]))
      .map((h) => h.name)
      .sort();
    expect(publicOnes).toEqual([
      'AgentPairingController.pair',
      'AuthController.acceptInvite',
      'AuthController.login',
      'AuthController.logout',
      'AuthController.refresh',
      'AuthController.signup',
      // The GraphQL counterparts of the five sign-in routes above (issue 15's parity).
      'AuthResolver.acceptInvite',
      'AuthResolver.refreshToken',
      'AuthResolver.signIn',
      'AuthResolver.signOut',
      'AuthResolver.signUp',
      // An HTTP carrier's delivery receipts: authenticated by the carrier's own token, not a bearer.
      'CarriersController.dlr',
      'HealthController.live',
      'HealthController.ready',
      // Guarded by METRICS_TOKEN or the METRICS_ALLOW address list instead of a user's token.
      'MetricsController.scrape',
      'OAuthTokenController.token',
    ]);
  });
});
