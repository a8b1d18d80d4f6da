import { ScrollView, Text, View } from 'react-native';
import { Button, ErrorText, Row, Section, colors, styles } from '../components/ui';
import { useControllerState } from '../hooks/use-controller-state';
import type { AgentController } from '../services/agent-controller';
import { permissionProblems } from '../services/permissions';
import { simLabel, statusRows } from '../view-models/status-view';

export interface StatusScreenProps {
  controller: AgentController;
  openSettings: () => Promise<void>;
}

export function StatusScreen({ controller, openSettings }: StatusScreenProps) {
  const state = useControllerState(controller);
  const problems = permissionProblems(state.permissions);
  const running = state.connection !== 'stopped' && state.connection !== 'refused';

  return (
    <ScrollView contentContainerStyle={styles.screen}>
      <Section title="Gateway">
        {statusRows(state).map((row) => (
          <Row key={row.label} label={row.label} value={row.value} />
        ))}
        {state.error !== undefined && (
          <ErrorText>
            {state.error.code}: {state.error.message}
          </ErrorText>
        )}
        {running ? (
          <Button title="Stop" kind="danger" onPress={() => void controller.stop()} />
        ) : (
          <Button title="Start" onPress={() => void controller.start()} />
        )}
      </Section>

      {problems.length > 0 && (
        <Section title="Permissions">
          {problems.map((problem) => (
            <View key={problem.name} style={{ marginBottom: 12 }} testID={`permission-${problem.name}`}>
              <Text style={{ color: colors.danger, fontWeight: '600' }}>
                {problem.title}:{' '}
                {problem.state === 'blocked' ? 'blocked' : problem.state === 'denied' ? 'denied' : 'not granted'}
              </Text>
              <Text style={styles.hint}>{problem.blocks}</Text>
              {problem.state !== 'blocked' && (
                <Button title="Ask again" kind="secondary" onPress={() => void controller.requestPermissions()} />
              )}
              <Button title="Open app settings" kind="secondary" onPress={() => void openSettings()} />
            </View>
          ))}
        </Section>
      )}

      <Section title="SIMs">
        {state.sims.length === 0 ? (
          <Text style={styles.hint}>
            {state.permissions.READ_PHONE_STATE === 'granted'
              ? 'No SIM found.'
              : "SIMs unknown: without the SIM cards permission messages go through Android's default SIM."}
          </Text>
        ) : (
          state.sims.map((sim) => (
            <Row key={sim.slot} label={simLabel(sim)} value={sim.enabled ? 'in use' : 'not used'} />
          ))
        )}
      </Section>
    </ScrollView>
  );
}
