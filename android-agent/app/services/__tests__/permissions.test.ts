import { describe, expect, it } from '@jest/globals';
import { fakePermissions } from '../../test-support/controller';
import { canSend, checkPermissions, permissionProblems, requestPermissions } from '../permissions';

describe('permissions', () => {
  it('keeps the answer per permission: granted, denied, or blocked by "don\'t ask again"', async () => {
    const api = fakePermissions(['SEND_SMS', 'READ_PHONE_STATE', 'READ_PHONE_NUMBERS'], 'never_ask_again');
    const report = await requestPermissions(api, await checkPermissions(api));
    expect(report).toEqual({
      SEND_SMS: 'granted',
      RECEIVE_SMS: 'blocked',
      READ_PHONE_STATE: 'granted',
      READ_PHONE_NUMBERS: 'granted',
      POST_NOTIFICATIONS: 'blocked',
    });
  });

  it('asks each missing permission with its own explanation', async () => {
    const api = fakePermissions([], 'denied');
    await requestPermissions(api, await checkPermissions(api));
    expect(api.request).toHaveBeenCalledWith(
      'android.permission.RECEIVE_SMS',
      expect.objectContaining({ title: 'Receive SMS', message: expect.stringContaining('STOP keywords') }),
    );
    expect(api.request).toHaveBeenCalledTimes(5);
  });

  it('does not ask for notifications before Android 13', async () => {
    const api = fakePermissions(['SEND_SMS', 'RECEIVE_SMS', 'READ_PHONE_STATE', 'READ_PHONE_NUMBERS'], 'denied', 32);
    const report = await checkPermissions(api);
    expect(report.POST_NOTIFICATIONS).toBe('not-needed');
    expect(permissionProblems(report)).toEqual([]);
  });

  it('keeps a refusal across a later check, so a blocked permission stays shown as blocked', async () => {
    const api = fakePermissions(['SEND_SMS'], 'never_ask_again');
    const requested = await requestPermissions(api, await checkPermissions(api));
    const rechecked = await checkPermissions(api, requested);
    expect(rechecked.RECEIVE_SMS).toBe('blocked');
  });

  it('says what each missing permission blocks, and that the phone cannot send without SEND_SMS', async () => {
    const api = fakePermissions(['RECEIVE_SMS', 'READ_PHONE_STATE', 'READ_PHONE_NUMBERS', 'POST_NOTIFICATIONS']);
    const report = await checkPermissions(api);
    expect(canSend(report)).toBe(false);
    expect(permissionProblems(report)).toEqual([
      {
        name: 'SEND_SMS',
        state: 'unrequested',
        title: 'Send SMS',
        blocks: 'This phone cannot send SMS, so the agent does not connect as a sender.',
      },
    ]);
  });
});
