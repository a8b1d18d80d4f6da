import { registerRootComponent } from 'expo';
import App from './app/App';

// Registers the app as "main" for Expo; the background service's task is registered when it starts.
registerRootComponent(App);
