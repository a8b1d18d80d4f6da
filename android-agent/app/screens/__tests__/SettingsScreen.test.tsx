import AsyncStorage from '@react-native-async-storage/async-storage';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react-native';
import { testController } from '../../test-support/controller';
import { SettingsScreen } from '../SettingsScreen';

async function renderSettings(sims = 1) {
  const rig = testController({ sims });
  await rig.controller.init();
  render(<SettingsScreen controller={rig.controller} />);
  return rig;
}

describe('SettingsScreen', () => {
  beforeEach(async () => {
    await AsyncStorage.clear();
  });

  it.each([
    ['0', 'At least 1 part per minute, or the phone never sends.'],
    ['31', 'At most 30 parts per minute: Android blocks an app that sends more.'],
  ])('refuses a limit of %s and keeps the old one', async (input, message) => {
    const rig = await renderSettings();
    fireEvent.changeText(screen.getByLabelText('Parts per minute'), input);
    fireEvent.press(screen.getByText('Save limit'));

    expect(await screen.findByText(message)).toBeTruthy();
    expect(rig.settings.value.maxPartsPerMinute).toBe(24);
  });

  it('saves a limit within 1..30', async () => {
    const rig = await renderSettings();
    fireEvent.changeText(screen.getByLabelText('Parts per minute'), '30');
    fireEvent.press(screen.getByText('Save limit'));

    expect(await screen.findByText('Saved.')).toBeTruthy();
    expect(rig.settings.value.maxPartsPerMinute).toBe(30);
  });

  it('turns a SIM off, but never the last one in use', async () => {
    const rig = await renderSettings(2);
    fireEvent(screen.getByLabelText('Use SIM 2'), 'valueChange', false);
    await waitFor(() => expect(rig.settings.value.disabledSimSlots).toEqual([1]));

    fireEvent(screen.getByLabelText('Use SIM 1'), 'valueChange', false);
    expect(await screen.findByText('At least one SIM must stay in use.')).toBeTruthy();
    expect(rig.settings.value.disabledSimSlots).toEqual([1]);
  });

  it('asks for the battery exemption and shows the answer', async () => {
    const rig = await renderSettings();
    fireEvent.press(screen.getByText('Allow running in the background'));
    expect(await screen.findByText('Exempt from battery optimisation.')).toBeTruthy();
    expect(rig.settings.value.batteryExemption).toBe('granted');
  });

  it('unpairs after a confirmation', async () => {
    const rig = await renderSettings();
    fireEvent.press(screen.getByText('Unpair'));
    expect(rig.credentials.value).toBeDefined();
    fireEvent.press(screen.getByText('Unpair now'));
    await waitFor(() => expect(rig.controller.state.phase).toBe('unpaired'));
    expect(rig.credentials.value).toBeUndefined();
  });
});
