import { useSyncExternalStore } from 'react';
import type { AgentController, ControllerState } from '../services/agent-controller';

export function useControllerState(controller: AgentController): ControllerState {
  return useSyncExternalStore(controller.subscribe, controller.getState);
}
