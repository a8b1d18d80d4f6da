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

/**
 * The headless task's name. The library names each start's task `taskName + n`, n counting the
 * starts of this JavaScript runtime, and registers it only in that runtime. When Android restarts
 * the service (its intent is redelivered after the process died) or RestartReceiver starts it after
 * a reboot or an update, a fresh runtime must know the name: so the count is reset before every
 * start (one name, always), and index.ts registers this name at the app's entry.
 */
export const AGENT_TASK_NAME = `${NOTIFICATION.taskName}1`;

/** What RestartReceiver (Java) needs to start the service as the library does: the same notification. */
export interface ServiceRestartOptions {
  taskName: string;
  taskTitle: string;
  taskDesc: string;
  iconName: string;
  iconType: string;
  /** ARGB, as Android's Color.parseColor gives it. */
  color: number;
  linkingURI: string;
  foregroundServiceType: string;
}

export const SERVICE_RESTART_OPTIONS: ServiceRestartOptions = {
  taskName: AGENT_TASK_NAME,
  taskTitle: NOTIFICATION.taskTitle,
  taskDesc: 'Starting again…',
  iconName: NOTIFICATION.taskIcon.name,
  iconType: NOTIFICATION.taskIcon.type,
  // Opaque alpha over the RGB, as a signed 32-bit int (Java's int).
  color: 0xff000000 | parseInt(NOTIFICATION.color.slice(1), 16) | 0,
  linkingURI: NOTIFICATION.linkingURI,
  foregroundServiceType: NOTIFICATION.foregroundServiceType[0],
};

/** The library's private start counter; reaching into it is the price of a name known in advance. */
function resetTaskCount(): void {
  const library = BackgroundService as unknown as { _runnedTasks?: unknown };
  if (typeof library._runnedTasks === 'number') {
    library._runnedTasks = 0;
  }
}

export const backgroundActionsRunner: BackgroundRunner = {
  start: (task) => {
    resetTaskCount();
    return BackgroundService.start(() => task(), NOTIFICATION);
  },
  stop: () => BackgroundService.stop(),
  isRunning: () => BackgroundService.isRunning(),
  setStatus: (text) => BackgroundService.updateNotification({ taskDesc: text }),
};
