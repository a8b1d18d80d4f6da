import { registerRootComponent } from 'expo';
import { AppRegistry } from 'react-native';
import App from './app/App';
import { runAgentInService } from './app/services/app-controller';
import { AGENT_TASK_NAME } from './app/services/background';

// Registers the app as "main" for Expo.
registerRootComponent(App);
// The background service's task, registered at the entry rather than when the user presses Start:
// after a reboot, an update (RestartReceiver) or the process's death, Android starts the service in
// a fresh JavaScript runtime that only ran this file.
AppRegistry.registerHeadlessTask(AGENT_TASK_NAME, () => runAgentInService);
