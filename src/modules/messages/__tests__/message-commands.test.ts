import { describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import type { AuditService } from '@/modules/audit/audit.service.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import type { DispatchQueue } from '../dispatch-queue.js';
import type { MessageEntity } from '../entities/message.entity.js';
import type { MessageTransitions } from '../message-transitions.js';
import { MessageCommandsService } from '../message-commands.service.js';
import type { MessagesRepository } from '../messages.repository.js';

describe('MessageCommandsService.redrive', () => {
  it('answers with the message as the re-drive left it (queued), even when a worker takes it at once', async () => {
    const account = { accountId: 'acct', kind: 'user', subjectId: 'u1', scopes: [] } as unknown as AccountRef;
    const now = new Date();
    const row = {
      id: 'm1',
      accountId: 'acct',
      to: '+4915123456789',
      body: 'x',
      status: 'queued',
      segments: 1,
      encoding: 'GSM-7',
      priority: 'normal',
      attempts: 0,
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + 60_000),
    } as unknown as MessageEntity;
    const repo = {
      redrive: () => Promise.resolve({ attempts: 0, priority: 'normal' }),
      find: () => Promise.resolve({ ...row }),
      events: () => Promise.resolve([]),
    } as unknown as MessagesRepository;
    // The queue's worker is fast: by the time enqueueing returns, the message is on a phone.
    const queue = {
      enqueueRetry: () => {
        row.status = 'sending';
        return Promise.resolve();
      },
    } as unknown as DispatchQueue;
    const db = { transaction: (work: (m: unknown) => Promise<unknown>) => work({}) } as unknown as DataSource;
    const audit = { record: () => Promise.resolve() } as unknown as AuditService;
    const transitions = { changed: () => undefined } as unknown as MessageTransitions;

    const answer = await new MessageCommandsService(repo, db, audit, transitions, queue).redrive(account, 'm1');
    expect(answer.status).toBe('queued');
  });
});
