import BackgroundService from 'react-native-background-actions';
import { LINK_SCHEME } from './app-info';

/** Runs the agent inside an Android foreground service, so it keeps going with the screen off. */
export interface BackgroundRunner {
  /** `task` is the agent's whole life: it resolves when the agent has stopped. */
  start(task: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
  isRunning(): boolean;
  setStatus(text: string): Promise<void>;
}

const NOTIFICATION = {
  taskName: 'SmsGatewayAgent',
  taskTitle: 'SMS gateway',
  taskDesc: 'Connecting to the server…',
  // The launcher icon exists in every prebuilt app; a dedicated monochrome icon can replace it.
  taskIcon: { name: 'ic_launcher', type: 'mipmap' },
  color: '#1f6feb',
  // Tapping the notification opens the status screen.
  linkingURI: `${LINK_SCHEME}://status`,
  // Declared with the same type in the manifest by the app's config plugin (Android 14 requires it).
  foregroundServiceType: ['remoteMessaging' as const],
};

export const backgroundActionsRunner: BackgroundRunner = {
  start: (task) => BackgroundService.start(() => task(), NOTIFICATION),
  stop: () => BackgroundService.stop(),
  isRunning: () => BackgroundService.isRunning(),
  setStatus: (text) => BackgroundService.updateNotification({ taskDesc: text }),
};
