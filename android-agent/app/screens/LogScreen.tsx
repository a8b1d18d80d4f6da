import { FlatList, Text, View } from 'react-native';
import { colors, styles } from '../components/ui';
import { useControllerState } from '../hooks/use-controller-state';
import type { AgentController } from '../services/agent-controller';
import { logRows } from '../view-models/log-view';

/** Recent sends, newest first: masked numbers and statuses, never a message body. */
export function LogScreen({ controller }: { controller: AgentController }) {
  const state = useControllerState(controller);
  const rows = logRows(state.recentSends);
  return (
    <FlatList
      contentContainerStyle={styles.screen}
      data={rows}
      keyExtractor={(row) => row.key}
      ListEmptyComponent={<Text style={styles.hint}>No messages yet.</Text>}
      renderItem={({ item }) => (
        <View style={{ paddingVertical: 8, borderBottomWidth: 1, borderBottomColor: colors.border }}>
          <View style={{ flexDirection: 'row', justifyContent: 'space-between' }}>
            <Text style={{ fontWeight: '600', color: colors.text }}>{item.recipient}</Text>
            <Text style={{ color: colors.muted }}>{item.status}</Text>
          </View>
          <Text style={{ color: colors.muted, fontSize: 12 }}>{item.detail}</Text>
        </View>
      )}
    />
  );
}
