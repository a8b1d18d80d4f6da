import { StatusBar } from 'expo-status-bar';
import { useEffect, useState } from 'react';
import { ActivityIndicator, AppState, Linking, Pressable, StyleSheet, Text, View } from 'react-native';
import { SafeAreaProvider, SafeAreaView } from 'react-native-safe-area-context';
import { colors } from './components/ui';
import { useControllerState } from './hooks/use-controller-state';
import { LogScreen } from './screens/LogScreen';
import { PairScreen } from './screens/PairScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { StatusScreen } from './screens/StatusScreen';
import type { AgentController } from './services/agent-controller';
import { appController, openAppSettings } from './services/app-controller';

type Tab = 'status' | 'settings' | 'log';

const TABS: { key: Tab; title: string }[] = [
  { key: 'status', title: 'Status' },
  { key: 'settings', title: 'Settings' },
  { key: 'log', title: 'Log' },
];

export interface AppShellProps {
  controller: AgentController;
  openSettings?: () => Promise<void>;
}

/** The screens over one controller; no navigation library: three tabs once paired, the pair screen before. */
export function AppShell({ controller, openSettings = openAppSettings }: AppShellProps) {
  const state = useControllerState(controller);
  const [tab, setTab] = useState<Tab>('status');
  const [link, setLink] = useState<string | undefined>();

  useEffect(() => {
    void controller.init();
    // Back from the settings app, a permission may have changed.
    const appState = AppState.addEventListener('change', (next) => {
      if (next === 'active') {
        void controller.refreshPermissions();
      }
    });
    const onLink = ({ url }: { url: string }): void => setLink(url);
    const links = Linking.addEventListener('url', onLink);
    void Linking.getInitialURL().then((url) => {
      if (url) {
        setLink(url);
      }
    });
    return () => {
      appState.remove();
      links.remove();
    };
  }, [controller]);

  let body;
  if (state.phase === 'loading') {
    body = <ActivityIndicator style={{ marginTop: 48 }} />;
  } else if (state.phase === 'unpaired') {
    body = <PairScreen controller={controller} {...(link?.includes('://pair') ? { link } : {})} />;
  } else if (tab === 'status') {
    body = <StatusScreen controller={controller} openSettings={openSettings} />;
  } else if (tab === 'settings') {
    body = <SettingsScreen controller={controller} />;
  } else {
    body = <LogScreen controller={controller} />;
  }

  return (
    <SafeAreaView style={local.root} edges={['top', 'bottom']}>
      <StatusBar style="dark" />
      {state.phase === 'paired' && (
        <View style={local.tabs} accessibilityRole="tablist">
          {TABS.map(({ key, title }) => (
            <Pressable
              key={key}
              accessibilityRole="tab"
              accessibilityState={{ selected: tab === key }}
              onPress={() => setTab(key)}
              style={[local.tab, tab === key && local.tabActive]}
            >
              <Text style={[local.tabText, tab === key && local.tabTextActive]}>{title}</Text>
            </Pressable>
          ))}
        </View>
      )}
      <View style={local.body}>{body}</View>
    </SafeAreaView>
  );
}

export default function App() {
  // The runtime's one controller: a remount (the activity recreated) sees the agent that runs.
  const controller = appController();
  return (
    <SafeAreaProvider>
      <AppShell controller={controller} />
    </SafeAreaProvider>
  );
}

const local = StyleSheet.create({
  root: { flex: 1, backgroundColor: colors.background },
  body: { flex: 1 },
  tabs: { flexDirection: 'row', borderBottomWidth: 1, borderBottomColor: colors.border },
  tab: { flex: 1, paddingVertical: 12, alignItems: 'center' },
  tabActive: { borderBottomWidth: 2, borderBottomColor: colors.accent },
  tabText: { color: colors.muted, fontWeight: '600' },
  tabTextActive: { color: colors.accent },
});
