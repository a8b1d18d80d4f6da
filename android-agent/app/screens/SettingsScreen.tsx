import { useState } from 'react';
import { ScrollView, Switch, Text, TextInput, View } from 'react-native';
import { Button, ErrorText, Row, Section, styles } from '../components/ui';
import { useControllerState } from '../hooks/use-controller-state';
import type { AgentController } from '../services/agent-controller';
import { PLATFORM_PARTS_PER_MINUTE, validatePartsPerMinute } from '../services/settings';
import { BATTERY_LABELS, toggleSim } from '../view-models/settings-form';
import { simLabel } from '../view-models/status-view';

export function SettingsScreen({ controller }: { controller: AgentController }) {
  const state = useControllerState(controller);
  const { settings } = state;
  const [limitText, setLimitText] = useState(String(settings.maxPartsPerMinute));
  const [limitError, setLimitError] = useState<string | undefined>();
  const [limitSaved, setLimitSaved] = useState(false);
  const [simError, setSimError] = useState<string | undefined>();
  const [confirmUnpair, setConfirmUnpair] = useState(false);

  const saveLimit = async (): Promise<void> => {
    const result = validatePartsPerMinute(limitText);
    setLimitSaved(false);
    if (!result.ok) {
      setLimitError(result.error);
      return;
    }
    setLimitError(undefined);
    await controller.updateSettings({ maxPartsPerMinute: result.value });
    setLimitSaved(true);
  };

  const onToggle = (slot: number): void => {
    const result = toggleSim(state.sims, settings.disabledSimSlots, slot);
    if (!result.ok) {
      setSimError(result.error);
      return;
    }
    setSimError(undefined);
    void controller.updateSettings({ disabledSimSlots: result.disabledSimSlots });
  };

  return (
    <ScrollView contentContainerStyle={styles.screen} keyboardShouldPersistTaps="handled">
      <Section title="SIMs to use">
        <Text style={styles.hint}>
          The gateway sends only from SIMs turned on here. SMS received on any SIM still reach it, so opt-outs are never
          missed.
        </Text>
        {state.sims.length === 0 && <Text style={styles.hint}>No SIM found.</Text>}
        {state.sims.map((sim) => (
          <View key={sim.slot} style={{ flexDirection: 'row', justifyContent: 'space-between', alignItems: 'center' }}>
            <Text>{simLabel(sim)}</Text>
            <Switch
              accessibilityLabel={`Use SIM ${sim.slot + 1}`}
              value={sim.enabled}
              onValueChange={() => onToggle(sim.slot)}
            />
          </View>
        ))}
        {simError !== undefined && <ErrorText>{simError}</ErrorText>}
      </Section>

      <Section title="Sending limit">
        <Text style={styles.hint}>
          SMS parts per minute this phone sends at most (1 to {PLATFORM_PARTS_PER_MINUTE}; Android blocks more). The
          server may set a lower pace.
        </Text>
        <TextInput
          style={styles.input}
          accessibilityLabel="Parts per minute"
          keyboardType="number-pad"
          value={limitText}
          onChangeText={(text) => {
            setLimitText(text);
            setLimitSaved(false);
          }}
        />
        {limitError !== undefined && <ErrorText>{limitError}</ErrorText>}
        {limitSaved && <Text style={styles.hint}>Saved.</Text>}
        <Button title="Save limit" onPress={() => void saveLimit()} />
      </Section>

      <Section title="Battery">
        <Text style={styles.hint}>{BATTERY_LABELS[settings.batteryExemption]}</Text>
        {settings.batteryExemption !== 'granted' && (
          <Button
            title="Allow running in the background"
            kind="secondary"
            onPress={() => void controller.requestBatteryExemption()}
          />
        )}
      </Section>

      <Section title="Pairing">
        <Row label="Server" value={state.serverUrl ?? '-'} />
        <Row label="Device" value={state.deviceId ?? '-'} />
        {confirmUnpair ? (
          <>
            <Text style={styles.hint}>
              Unpairing stops the gateway and deletes this phone's queue and token. Messages not sent yet go back to the
              server.
            </Text>
            <Button title="Unpair now" kind="danger" onPress={() => void controller.unpair()} />
            <Button title="Keep paired" kind="secondary" onPress={() => setConfirmUnpair(false)} />
          </>
        ) : (
          <Button title="Unpair" kind="danger" onPress={() => setConfirmUnpair(true)} />
        )}
      </Section>
    </ScrollView>
  );
}
