import type { DiscoveryService } from '@nestjs/core';
import Bull, { type Queue } from 'bull';

/**
 * The Bull queues this process has, by name, found among the container's providers: a process of
 * one role registers only the queues it uses, and whoever reads them (the metrics, the queue
 * board) takes what is there instead of asking for a token that may not exist.
 */
export function bullQueues(discovery: DiscoveryService): Map<string, Queue> {
  const queues = new Map<string, Queue>();
  for (const wrapper of discovery.getProviders()) {
    const instance: unknown = wrapper.instance;
    if (instance instanceof Bull) queues.set(instance.name, instance);
  }
  return queues;
}
