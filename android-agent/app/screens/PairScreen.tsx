import { CameraView, useCameraPermissions, type BarcodeScanningResult } from 'expo-camera';
import { useEffect, useRef, useState } from 'react';
import { ScrollView, StyleSheet, Text, TextInput, View } from 'react-native';
import { Button, ErrorText, Section, styles } from '../components/ui';
import type { AgentController } from '../services/agent-controller';
import { parsePairingLink, validatePairingForm, type PairingTarget } from '../services/pairing-link';
import { describePairingError, type ShownError } from '../view-models/pair-error';

export interface PairScreenProps {
  controller: AgentController;
  /** A `smsgw://pair?…` link the app was opened with (the QR scanned by the system camera). */
  link?: string;
}

export function PairScreen({ controller, link }: PairScreenProps) {
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [scanning, setScanning] = useState(false);
  const [invalid, setInvalid] = useState<string | undefined>();
  const [failure, setFailure] = useState<ShownError | undefined>();
  const [busy, setBusy] = useState(false);
  const [cameraPermission, requestCameraPermission] = useCameraPermissions();
  // The scanner reports the same code many times a second: act on the first only.
  const handled = useRef(false);

  const pair = async (target: PairingTarget): Promise<void> => {
    setServerUrl(target.serverUrl);
    setCode(target.code);
    setInvalid(undefined);
    setFailure(undefined);
    setBusy(true);
    try {
      await controller.pair(target.serverUrl, target.code);
    } catch (error) {
      setFailure(describePairingError(error));
    } finally {
      setBusy(false);
    }
  };

  const submit = (): void => {
    const input = validatePairingForm(serverUrl, code);
    if (!input.ok) {
      setFailure(undefined);
      setInvalid(input.error);
      return;
    }
    void pair(input.value);
  };

  const onScanned = (result: BarcodeScanningResult): void => {
    if (handled.current) {
      return;
    }
    handled.current = true;
    setScanning(false);
    const input = parsePairingLink(result.data);
    if (!input.ok) {
      setFailure(undefined);
      setInvalid(input.error);
      return;
    }
    void pair(input.value);
  };

  const startScanning = async (): Promise<void> => {
    const permission = cameraPermission?.granted ? cameraPermission : await requestCameraPermission();
    if (!permission.granted) {
      setInvalid('The camera is not allowed: type the server URL and the code instead, or allow it in settings.');
      return;
    }
    handled.current = false;
    setInvalid(undefined);
    setScanning(true);
  };

  useEffect(() => {
    if (link === undefined) {
      return;
    }
    const input = parsePairingLink(link);
    if (input.ok) {
      setServerUrl(input.value.serverUrl);
      setCode(input.value.code);
    } else {
      setInvalid(input.error);
    }
  }, [link]);

  return (
    <ScrollView contentContainerStyle={styles.screen} keyboardShouldPersistTaps="handled">
      <Section title="Pair this phone">
        <Text style={styles.hint}>
          In the SMS Gateway console, add a device and scan its QR code, or type the server URL and the pairing code
          shown next to it.
        </Text>
        {scanning ? (
          <View style={local.cameraBox}>
            <CameraView
              style={local.camera}
              facing="back"
              barcodeScannerSettings={{ barcodeTypes: ['qr'] }}
              onBarcodeScanned={onScanned}
            />
            <Button title="Cancel scanning" kind="secondary" onPress={() => setScanning(false)} />
          </View>
        ) : (
          <Button title="Scan QR code" onPress={() => void startScanning()} disabled={busy} />
        )}
      </Section>
      <Section title="Or type it">
        <TextInput
          style={styles.input}
          placeholder="Server URL, e.g. https://sms.example.com"
          accessibilityLabel="Server URL"
          value={serverUrl}
          onChangeText={setServerUrl}
          autoCapitalize="none"
          autoCorrect={false}
          keyboardType="url"
        />
        <TextInput
          style={styles.input}
          placeholder="Pairing code, e.g. ABCD-EFGH-1234"
          accessibilityLabel="Pairing code"
          value={code}
          onChangeText={setCode}
          autoCapitalize="characters"
          autoCorrect={false}
        />
        {invalid !== undefined && <ErrorText>{invalid}</ErrorText>}
        {failure !== undefined && (
          <ErrorText>
            {failure.code}: {failure.message}
          </ErrorText>
        )}
        <Button title={busy ? 'Pairing…' : 'Pair'} onPress={submit} disabled={busy} />
      </Section>
    </ScrollView>
  );
}

const local = StyleSheet.create({
  cameraBox: { marginBottom: 8 },
  camera: { height: 300, borderRadius: 8, overflow: 'hidden' },
});
