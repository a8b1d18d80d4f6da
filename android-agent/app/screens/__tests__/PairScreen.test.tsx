import AsyncStorage from '@react-native-async-storage/async-storage';
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react-native';
import type { ReactNode } from 'react';
import { jsonResponse, requestBody, testController } from '../../test-support/controller';
import { PairScreen } from '../PairScreen';

// The camera is native: the mock renders nothing and hands the test its scan callback.
const mockCamera: { onScan?: (result: { type: string; data: string }) => void } = {};
jest.mock('expo-camera', () => ({
  CameraView: (props: { onBarcodeScanned?: (result: { type: string; data: string }) => void }): ReactNode => {
    mockCamera.onScan = props.onBarcodeScanned;
    return null;
  },
  useCameraPermissions: () => [{ granted: true }, jest.fn()],
}));

async function renderUnpaired() {
  const rig = testController({ paired: false });
  await rig.controller.init();
  render(<PairScreen controller={rig.controller} />);
  return rig;
}

describe('PairScreen', () => {
  beforeEach(async () => {
    mockCamera.onScan = undefined;
    await AsyncStorage.clear();
  });

  it('pairs with a typed server URL and code', async () => {
    const rig = await renderUnpaired();
    rig.fetch.mockResolvedValue(jsonResponse(201, { deviceId: 'dev_7', token: 't' }));

    fireEvent.changeText(screen.getByLabelText('Server URL'), 'https://gw.example.test/');
    fireEvent.changeText(screen.getByLabelText('Pairing code'), 'abcd-1234');
    fireEvent.press(screen.getByText('Pair'));

    await waitFor(() => expect(rig.controller.state.phase).toBe('paired'));
    expect(rig.fetch.mock.calls[0][0]).toBe('https://gw.example.test/v1/agent/pair');
    expect(requestBody(rig.fetch.mock.calls[0])).toMatchObject({ code: 'ABCD-1234' });
  });

  it('shows a validation error and does not call the server', async () => {
    const rig = await renderUnpaired();
    fireEvent.changeText(screen.getByLabelText('Server URL'), 'gw.example.test');
    fireEvent.changeText(screen.getByLabelText('Pairing code'), 'ABCD-1234');
    fireEvent.press(screen.getByText('Pair'));

    expect(screen.getByText('The server URL must start with http:// or https:// and name a host.')).toBeTruthy();
    expect(rig.fetch).not.toHaveBeenCalled();
  });

  it("shows the server's error code when pairing is refused", async () => {
    const rig = await renderUnpaired();
    rig.fetch.mockResolvedValue(
      jsonResponse(400, { code: 'INVALID_PAIRING_CODE', detail: 'The pairing code is unknown, used or expired' }),
    );
    fireEvent.changeText(screen.getByLabelText('Server URL'), 'https://gw.example.test');
    fireEvent.changeText(screen.getByLabelText('Pairing code'), 'ABCD-1234');
    fireEvent.press(screen.getByText('Pair'));

    expect(await screen.findByText(/INVALID_PAIRING_CODE/)).toBeTruthy();
    expect(rig.controller.state.phase).toBe('unpaired');
  });

  it('says the server cannot be reached when fetch fails', async () => {
    const rig = await renderUnpaired();
    rig.fetch.mockRejectedValue(new TypeError('Network request failed'));
    fireEvent.changeText(screen.getByLabelText('Server URL'), 'https://gw.example.test');
    fireEvent.changeText(screen.getByLabelText('Pairing code'), 'ABCD-1234');
    fireEvent.press(screen.getByText('Pair'));

    expect(await screen.findByText(/NETWORK_ERROR/)).toBeTruthy();
  });

  it('pairs from a scanned QR code', async () => {
    const rig = await renderUnpaired();
    rig.fetch.mockResolvedValue(jsonResponse(201, { deviceId: 'dev_7', token: 't' }));
    fireEvent.press(screen.getByText('Scan QR code'));
    await waitFor(() => expect(mockCamera.onScan).toBeDefined());

    act(() =>
      mockCamera.onScan?.({ type: 'qr', data: 'smsgw://pair?server=https%3A%2F%2Fgw.example.test&code=WXYZ-5678' }),
    );

    await waitFor(() => expect(rig.controller.state.phase).toBe('paired'));
    expect(requestBody(rig.fetch.mock.calls[0])).toMatchObject({ code: 'WXYZ-5678' });
  });

  it('shows an error for a QR code that is not a pairing code', async () => {
    const rig = await renderUnpaired();
    fireEvent.press(screen.getByText('Scan QR code'));
    await waitFor(() => expect(mockCamera.onScan).toBeDefined());

    act(() => mockCamera.onScan?.({ type: 'qr', data: 'https://shop.example.com/product/42' }));

    expect(await screen.findByText('This QR code is not a pairing code from the SMS Gateway console.')).toBeTruthy();
    expect(rig.fetch).not.toHaveBeenCalled();
  });
});
