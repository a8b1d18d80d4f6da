import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { NotificationEvents, NotificationName, RequestEvents, RequestName } from './events.js';

const REQUEST_HANDLER = Symbol('request handler');
const EVENT_LISTENER = Symbol('event listener');

type RequestHandler<K extends RequestName> = (input: RequestEvents[K][0]) => Promise<RequestEvents[K][1]>;
type Listener<K extends NotificationName> = (event: NotificationEvents[K]) => void | Promise<void>;

/** Marks the one method that answers a request event; the bus finds it at boot. */
export function HandlesRequest<K extends RequestName>(name: K) {
  return <F extends RequestHandler<K>>(
    _target: object,
    _key: string | symbol,
    descriptor: TypedPropertyDescriptor<F>,
  ) => {
    Reflect.defineMetadata(REQUEST_HANDLER, name, descriptor.value!);
  };
}

/** Marks a method that listens to a notification; the bus finds it at boot. */
export function OnEvent<K extends NotificationName>(name: K) {
  return <F extends Listener<K>>(_target: object, _key: string | symbol, descriptor: TypedPropertyDescriptor<F>) => {
    const names = (Reflect.getMetadata(EVENT_LISTENER, descriptor.value!) as NotificationName[] | undefined) ?? [];
    Reflect.defineMetadata(EVENT_LISTENER, [...names, name], descriptor.value!);
  };
}

/** Every request event, so the boot can check each has its handler. */
const REQUESTS: Record<RequestName, true> = {
  'channel.status': true,
  'channel.inbound': true,
  'channel.reconcile': true,
  'channel.presence-restored': true,
  'carriers.live-state': true,
  'carriers.owned': true,
  'carriers.gauges': true,
  'messages.gauges': true,
  'webhooks.gauges': true,
  'devices.throttles': true,
};

/**
 * The one in-process event bus (events.ts has the map). Handlers and listeners are methods of
 * providers marked with @HandlesRequest / @OnEvent, found by Nest's discovery when the container
 * is built: no module looks another's providers up. A request without its handler, or with two,
 * fails the boot.
 */
@Injectable()
export class EventBus implements OnApplicationBootstrap {
  private readonly logger = new Logger(EventBus.name);
  private handlers?: Map<RequestName, (input: unknown) => Promise<unknown>>;
  private listeners?: Map<NotificationName, ((event: unknown) => void | Promise<void>)[]>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onApplicationBootstrap(): void {
    const { handlers } = this.discover();
    const missing = (Object.keys(REQUESTS) as RequestName[]).filter((name) => !handlers.has(name));
    if (missing.length > 0) throw new Error(`no handler for the request event(s) ${missing.join(', ')}`);
  }

  /** The answer of the request's one handler. */
  request<K extends RequestName>(name: K, input: RequestEvents[K][0]): Promise<RequestEvents[K][1]> {
    const handler = this.discover().handlers.get(name);
    if (!handler) return Promise.reject(new Error(`no handler for the request event ${name}`));
    return handler(input) as Promise<RequestEvents[K][1]>;
  }

  /**
   * Tells every listener, each on its own: one that fails is logged and fails neither the others
   * nor the sender. Resolves when all have finished (await it, or not).
   */
  async emit<K extends NotificationName>(name: K, event: NotificationEvents[K]): Promise<void> {
    const listeners = this.discover().listeners.get(name) ?? [];
    const outcomes = await Promise.allSettled(listeners.map((l) => Promise.resolve().then(() => l(event))));
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        const error: unknown = outcome.reason;
        this.logger.warn({ err: error, event: name }, 'an event listener failed');
      }
    }
  }

  /** The marked methods of every provider, once (the container is complete before any event). */
  private discover() {
    if (this.handlers && this.listeners) return { handlers: this.handlers, listeners: this.listeners };
    const handlers = new Map<RequestName, (input: unknown) => Promise<unknown>>();
    const listeners = new Map<NotificationName, ((event: unknown) => void | Promise<void>)[]>();
    const seen = new Set<object>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
      seen.add(instance);
      const prototype = Object.getPrototypeOf(instance) as object | null;
      if (!prototype) continue;
      for (const key of this.scanner.getAllMethodNames(prototype)) {
        const method = (instance as Record<string, unknown>)[key];
        if (typeof method !== 'function') continue;
        const request = Reflect.getMetadata(REQUEST_HANDLER, method) as RequestName | undefined;
        if (request) {
          if (handlers.has(request)) {
            throw new Error(`two handlers for the request event ${request} (one is ${wrapper.name}.${key})`);
          }
          handlers.set(request, (method as (input: unknown) => Promise<unknown>).bind(instance));
        }
        for (const name of (Reflect.getMetadata(EVENT_LISTENER, method) as NotificationName[] | undefined) ?? []) {
          const bound = (method as (event: unknown) => void | Promise<void>).bind(instance);
          listeners.set(name, [...(listeners.get(name) ?? []), bound]);
        }
      }
    }
    this.handlers = handlers;
    this.listeners = listeners;
    return { handlers, listeners };
  }
}
