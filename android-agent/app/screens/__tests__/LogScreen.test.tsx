import AsyncStorage from '@react-native-async-storage/async-storage';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { render, screen } from '@testing-library/react-native';
import type { OutboxEntry } from '../../../src/lib/index';
import { testController } from '../../test-support/controller';
import { LogScreen } from '../LogScreen';

function entry(id: string, to: string, acceptedAt: string, patch: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    id,
    to,
    body: `PRIVATE BODY ${id}`,
    expiresAt: '2030-01-01T00:00:00.000Z',
    attempt: 1,
    state: 'sent',
    acceptedAt,
    updatedAt: acceptedAt,
    pendingReports: [],
    ...patch,
  };
}

describe('LogScreen', () => {
  beforeEach(async () => {
    await AsyncStorage.clear();
  });

  it('lists recent sends newest first with masked numbers and never the body', async () => {
    const rig = testController();
    // Written by an earlier run of the agent: the log reads the stored outbox.
    await rig.outbox.load();
    await rig.outbox.apply({
      put: [
        entry('m-old', '+447700900123', '2026-01-01T10:00:00.000Z', { parts: 1 }),
        entry('m-new', '+12025550199', '2026-01-01T11:00:00.000Z', {
          state: 'failed',
          errorCode: 'NO_SERVICE',
          parts: 2,
        }),
      ],
    });
    await rig.controller.init();
    render(<LogScreen controller={rig.controller} />);

    const numbers = screen.getAllByText(/\*/).map((node) => node.props.children as string);
    expect(numbers).toEqual(['+1202*****99', '+4477******23']);
    expect(screen.getByText('failed (NO_SERVICE)')).toBeTruthy();
    expect(screen.getByText('sent')).toBeTruthy();
    // Every text on the screen, partial matches included.
    expect(screen.queryAllByText(/PRIVATE BODY|12025550199|447700900123/)).toEqual([]);
  });

  it('says so when nothing was sent yet', async () => {
    const rig = testController();
    await rig.controller.init();
    render(<LogScreen controller={rig.controller} />);
    expect(screen.getByText('No messages yet.')).toBeTruthy();
  });
});
