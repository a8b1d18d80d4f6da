import AsyncStorage from '@react-native-async-storage/async-storage';
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, within } from '@testing-library/react-native';
import { testController } from '../../test-support/controller';
import { StatusScreen } from '../StatusScreen';

describe('StatusScreen', () => {
  beforeEach(async () => {
    await AsyncStorage.clear();
  });

  it('shows a permission blocked with "don\'t ask again", what it blocks, and a button to the app settings', async () => {
    const rig = testController({
      granted: ['SEND_SMS', 'READ_PHONE_STATE', 'READ_PHONE_NUMBERS', 'POST_NOTIFICATIONS'],
      refuseWith: 'never_ask_again',
    });
    await rig.controller.init();
    await rig.controller.requestPermissions();
    const openSettings = jest.fn(() => Promise.resolve());
    render(<StatusScreen controller={rig.controller} openSettings={openSettings} />);

    const problem = within(screen.getByTestId('permission-RECEIVE_SMS'));
    expect(problem.getByText('Receive SMS: blocked')).toBeTruthy();
    expect(problem.getByText('Replies and STOP (opt-out) keywords sent to this phone are not received.')).toBeTruthy();
    // Blocked: only the settings page can change it, so there is no "ask again".
    expect(problem.queryByText('Ask again')).toBeNull();
    fireEvent.press(problem.getByText('Open app settings'));
    expect(openSettings).toHaveBeenCalledTimes(1);
  });

  it('shows a denied SEND_SMS, and that starting is refused without it', async () => {
    const rig = testController({
      granted: ['RECEIVE_SMS', 'READ_PHONE_STATE', 'READ_PHONE_NUMBERS', 'POST_NOTIFICATIONS'],
    });
    await rig.controller.init();
    await rig.controller.requestPermissions();
    render(<StatusScreen controller={rig.controller} openSettings={() => Promise.resolve()} />);

    const problem = within(screen.getByTestId('permission-SEND_SMS'));
    expect(problem.getByText('Send SMS: denied')).toBeTruthy();
    expect(problem.getByText('Ask again')).toBeTruthy();
    expect(problem.getByText('Open app settings')).toBeTruthy();

    fireEvent.press(screen.getByText('Start'));
    expect(await screen.findByText(/SEND_SMS_DENIED/)).toBeTruthy();
    expect(rig.runner.running).toBe(false);
  });

  it('says what a denied READ_PHONE_STATE costs: the SIM choice, not the whole gateway', async () => {
    const rig = testController({ granted: ['SEND_SMS', 'RECEIVE_SMS', 'READ_PHONE_NUMBERS', 'POST_NOTIFICATIONS'] });
    jest
      .spyOn(rig.transport, 'listSims')
      .mockRejectedValue(Object.assign(new Error('denied'), { code: 'PERMISSION_DENIED' }));
    await rig.controller.init();
    await rig.controller.requestPermissions();
    render(<StatusScreen controller={rig.controller} openSettings={() => Promise.resolve()} />);

    const problem = within(screen.getByTestId('permission-READ_PHONE_STATE'));
    expect(problem.getByText('SIM cards: denied')).toBeTruthy();
    expect(
      problem.getByText(
        "The SIMs cannot be read, so the server cannot choose a SIM: every message goes out through Android's " +
          'default SIM, and a message sent to a particular SIM fails.',
      ),
    ).toBeTruthy();
    expect(
      screen.getByText("SIMs unknown: without the SIM cards permission messages go through Android's default SIM."),
    ).toBeTruthy();
  });

  it('shows no permission section when everything is granted', async () => {
    const rig = testController();
    await rig.controller.init();
    render(<StatusScreen controller={rig.controller} openSettings={() => Promise.resolve()} />);
    expect(screen.queryByText('Permissions')).toBeNull();
    expect(screen.getByText('SIM 1 · Simulated · +12025550100')).toBeTruthy();
  });

  it('starts the gateway and shows it online with its queue and budget', async () => {
    const rig = testController();
    await rig.controller.init();
    render(<StatusScreen controller={rig.controller} openSettings={() => Promise.resolve()} />);

    fireEvent.press(screen.getByText('Start'));
    expect(await screen.findByText('Online')).toBeTruthy();
    expect(screen.getByText('0 waiting')).toBeTruthy();
    expect(screen.getByText('24 of 24 parts left')).toBeTruthy();
    expect(screen.getByText('Stop')).toBeTruthy();
    fireEvent.press(screen.getByText('Stop'));
    expect(await screen.findByText('Stopped')).toBeTruthy();
    expect(rig.runner.running).toBe(false);
    rig.transport.close();
  });
});
