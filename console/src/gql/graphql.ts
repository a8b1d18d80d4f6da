/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AcceptInviteInput = {
  password: string;
  token: string;
};

export type CreateCarrierInput = {
  enabled?: boolean | null | undefined;
  /** HTTP settings (kind http), secret included */
  http?: Record<string, unknown> | null | undefined;
  /** smpp | http */
  kind: string;
  name: string;
  /** SMPP settings (kind smpp), password included */
  smpp?: Record<string, unknown> | null | undefined;
};

export type CreateDeviceInput = {
  name: string;
};

export type CreatePairingCodeInput = {
  id: string | number;
};

export type DeleteCarrierInput = {
  id: string | number;
};

export type DeleteRouteInput = {
  id: string | number;
};

export type DeviceThrottleInput = {
  minIntervalMs?: number | null | undefined;
  partsPerDay?: number | null | undefined;
  partsPerHour?: number | null | undefined;
  partsPerMinute?: number | null | undefined;
};

export type RevokeDeviceInput = {
  id: string | number;
};

export type RouteMatchInput = {
  /** ISO 3166-1 alpha-2 codes of the recipient's number */
  countries?: Array<string> | null | undefined;
  /** E.164 prefixes such as +49 or +4915: any one matches */
  prefixes?: Array<string> | null | undefined;
  /** normal | high */
  priority?: string | null | undefined;
};

export type RouteTargetInput = {
  carrierId?: string | number | null | undefined;
  deviceId?: string | number | null | undefined;
  deviceIds?: Array<string | number> | null | undefined;
  /** devices | pool | device | carrier */
  kind: string;
  /** Least-cost strategy: price per destination prefix ({"+49": 0.05}); the longest prefix wins */
  prices?: Record<string, unknown> | null | undefined;
  /** Weighted strategy: 1 to 1000, 1 when left out */
  weight?: number | null | undefined;
};

export type SignInInput = {
  email: string;
  password: string;
};

export type SimThrottleInput = {
  minIntervalMs?: number | null | undefined;
  partsPerDay?: number | null | undefined;
  partsPerHour?: number | null | undefined;
  partsPerMinute?: number | null | undefined;
  slot: number;
};

export type UpdateCarrierInput = {
  enabled?: boolean | null | undefined;
  http?: Record<string, unknown> | null | undefined;
  id: string | number;
  name?: string | null | undefined;
  smpp?: Record<string, unknown> | null | undefined;
};

export type UpdateDeviceInput = {
  enabled?: boolean | null | undefined;
  id: string | number;
  name?: string | null | undefined;
  simPolicy?: string | null | undefined;
  simThrottles?: Array<SimThrottleInput> | null | undefined;
  throttle?: DeviceThrottleInput | null | undefined;
};

export type UpsertRouteInput = {
  enabled?: boolean | null | undefined;
  id?: string | number | null | undefined;
  /** The route for messages no other route matches */
  isDefault?: boolean | null | undefined;
  match?: RouteMatchInput | null | undefined;
  name?: string | null | undefined;
  /** Evaluation order, lower first */
  position?: number | null | undefined;
  /** failover | weighted | least-cost */
  strategy?: string | null | undefined;
  targets?: Array<RouteTargetInput> | null | undefined;
};

export type ConsoleMeQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleMeQuery = { me: { subjectId: string, scopes: Array<string>, account: { id: string, name: string }, user: { id: string, email: string, role: string } | null } };

export type ConsoleAcceptInviteMutationVariables = Exact<{
  input: AcceptInviteInput;
}>;


export type ConsoleAcceptInviteMutation = { acceptInvite: { accessToken: string, refreshToken: string, expiresIn: number } };

export type ConsoleCarrierFieldsFragment = { id: string, name: string, kind: string, enabled: boolean, smpp: Record<string, unknown> | null, http: Record<string, unknown> | null, state: string, stateDetail: string | null, stateSince: string | null, updatedAt: string, counters: { submitted: number, receipts: number, inbound: number, rejected: number, throttled: number, reconnects: number } };

export type ConsoleCarriersQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleCarriersQuery = { carriers: Array<{ id: string, name: string, kind: string, enabled: boolean, smpp: Record<string, unknown> | null, http: Record<string, unknown> | null, state: string, stateDetail: string | null, stateSince: string | null, updatedAt: string, counters: { submitted: number, receipts: number, inbound: number, rejected: number, throttled: number, reconnects: number } }> };

export type ConsoleCreateCarrierMutationVariables = Exact<{
  input: CreateCarrierInput;
}>;


export type ConsoleCreateCarrierMutation = { createCarrier: { id: string, name: string, kind: string, enabled: boolean, smpp: Record<string, unknown> | null, http: Record<string, unknown> | null, state: string, stateDetail: string | null, stateSince: string | null, updatedAt: string, counters: { submitted: number, receipts: number, inbound: number, rejected: number, throttled: number, reconnects: number } } };

export type ConsoleUpdateCarrierMutationVariables = Exact<{
  input: UpdateCarrierInput;
}>;


export type ConsoleUpdateCarrierMutation = { updateCarrier: { id: string, name: string, kind: string, enabled: boolean, smpp: Record<string, unknown> | null, http: Record<string, unknown> | null, state: string, stateDetail: string | null, stateSince: string | null, updatedAt: string, counters: { submitted: number, receipts: number, inbound: number, rejected: number, throttled: number, reconnects: number } } };

export type ConsoleDeleteCarrierMutationVariables = Exact<{
  input: DeleteCarrierInput;
}>;


export type ConsoleDeleteCarrierMutation = { deleteCarrier: boolean };

export type ConsolePhoneFieldsFragment = { id: string, name: string, status: string, online: boolean, paired: boolean, lastSeenAt: string | null, battery: number | null, charging: boolean | null, signal: number | null, queueDepth: number, appVersion: string | null, simPolicy: string, sims: Array<{ slot: number, operator: string | null, phoneNumber: string | null }>, throttle: { partsPerMinute: number | null, partsPerHour: number | null, partsPerDay: number | null, minIntervalMs: number | null }, simThrottles: Array<{ slot: number, partsPerMinute: number | null, partsPerHour: number | null, partsPerDay: number | null, minIntervalMs: number | null }> };

export type ConsolePhonesQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsolePhonesQuery = { devices: Array<{ id: string, name: string, status: string, online: boolean, paired: boolean, lastSeenAt: string | null, battery: number | null, charging: boolean | null, signal: number | null, queueDepth: number, appVersion: string | null, simPolicy: string, sims: Array<{ slot: number, operator: string | null, phoneNumber: string | null }>, throttle: { partsPerMinute: number | null, partsPerHour: number | null, partsPerDay: number | null, minIntervalMs: number | null }, simThrottles: Array<{ slot: number, partsPerMinute: number | null, partsPerHour: number | null, partsPerDay: number | null, minIntervalMs: number | null }> }> };

export type ConsolePhoneStatusChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ConsolePhoneStatusChangedSubscription = { deviceStatusChanged: { deviceId: string, status: string, at: string } };

export type ConsoleCreateDeviceMutationVariables = Exact<{
  input: CreateDeviceInput;
}>;


export type ConsoleCreateDeviceMutation = { createDevice: { device: { id: string, name: string, status: string, online: boolean, paired: boolean, lastSeenAt: string | null, battery: number | null, charging: boolean | null, signal: number | null, queueDepth: number, appVersion: string | null, simPolicy: string, sims: Array<{ slot: number, operator: string | null, phoneNumber: string | null }>, throttle: { partsPerMinute: number | null, partsPerHour: number | null, partsPerDay: number | null, minIntervalMs: number | null }, simThrottles: Array<{ slot: number, partsPerMinute: number | null, partsPerHour: number | null, partsPerDay: number | null, minIntervalMs: number | null }> }, pairing: { code: string, expiresAt: string } } };

export type ConsoleUpdateDeviceMutationVariables = Exact<{
  input: UpdateDeviceInput;
}>;


export type ConsoleUpdateDeviceMutation = { updateDevice: { id: string, name: string, status: string, online: boolean, paired: boolean, lastSeenAt: string | null, battery: number | null, charging: boolean | null, signal: number | null, queueDepth: number, appVersion: string | null, simPolicy: string, sims: Array<{ slot: number, operator: string | null, phoneNumber: string | null }>, throttle: { partsPerMinute: number | null, partsPerHour: number | null, partsPerDay: number | null, minIntervalMs: number | null }, simThrottles: Array<{ slot: number, partsPerMinute: number | null, partsPerHour: number | null, partsPerDay: number | null, minIntervalMs: number | null }> } };

export type ConsoleRevokeDeviceMutationVariables = Exact<{
  input: RevokeDeviceInput;
}>;


export type ConsoleRevokeDeviceMutation = { revokeDevice: boolean };

export type ConsoleCreatePairingCodeMutationVariables = Exact<{
  input: CreatePairingCodeInput;
}>;


export type ConsoleCreatePairingCodeMutation = { createPairingCode: { code: string, expiresAt: string } };

export type ConsoleRouteFieldsFragment = { id: string, name: string, position: number, isDefault: boolean, enabled: boolean, strategy: string, match: { prefixes: Array<string> | null, countries: Array<string> | null, priority: string | null }, targets: Array<{ kind: string, deviceId: string | null, deviceIds: Array<string> | null, carrierId: string | null, weight: number | null, prices: Record<string, unknown> | null }> };

export type ConsoleRoutesQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleRoutesQuery = { routes: Array<{ id: string, name: string, position: number, isDefault: boolean, enabled: boolean, strategy: string, match: { prefixes: Array<string> | null, countries: Array<string> | null, priority: string | null }, targets: Array<{ kind: string, deviceId: string | null, deviceIds: Array<string> | null, carrierId: string | null, weight: number | null, prices: Record<string, unknown> | null }> }>, devices: Array<{ id: string, name: string }>, carriers: Array<{ id: string, name: string, kind: string }> };

export type ConsoleUpsertRouteMutationVariables = Exact<{
  input: UpsertRouteInput;
}>;


export type ConsoleUpsertRouteMutation = { upsertRoute: { id: string, name: string, position: number, isDefault: boolean, enabled: boolean, strategy: string, match: { prefixes: Array<string> | null, countries: Array<string> | null, priority: string | null }, targets: Array<{ kind: string, deviceId: string | null, deviceIds: Array<string> | null, carrierId: string | null, weight: number | null, prices: Record<string, unknown> | null }> } };

export type ConsoleDeleteRouteMutationVariables = Exact<{
  input: DeleteRouteInput;
}>;


export type ConsoleDeleteRouteMutation = { deleteRoute: boolean };

export type ConsoleSignInMutationVariables = Exact<{
  input: SignInInput;
}>;


export type ConsoleSignInMutation = { signIn: { accessToken: string, refreshToken: string, expiresIn: number } };

export const ConsoleCarrierFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleCarrierFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Carrier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"smpp"}},{"kind":"Field","name":{"kind":"Name","value":"http"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"stateDetail"}},{"kind":"Field","name":{"kind":"Name","value":"stateSince"}},{"kind":"Field","name":{"kind":"Name","value":"counters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitted"}},{"kind":"Field","name":{"kind":"Name","value":"receipts"}},{"kind":"Field","name":{"kind":"Name","value":"inbound"}},{"kind":"Field","name":{"kind":"Name","value":"rejected"}},{"kind":"Field","name":{"kind":"Name","value":"throttled"}},{"kind":"Field","name":{"kind":"Name","value":"reconnects"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ConsoleCarrierFieldsFragment, unknown>;
export const ConsolePhoneFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsolePhoneFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Device"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"online"}},{"kind":"Field","name":{"kind":"Name","value":"paired"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"battery"}},{"kind":"Field","name":{"kind":"Name","value":"charging"}},{"kind":"Field","name":{"kind":"Name","value":"signal"}},{"kind":"Field","name":{"kind":"Name","value":"queueDepth"}},{"kind":"Field","name":{"kind":"Name","value":"appVersion"}},{"kind":"Field","name":{"kind":"Name","value":"simPolicy"}},{"kind":"Field","name":{"kind":"Name","value":"sims"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slot"}},{"kind":"Field","name":{"kind":"Name","value":"operator"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}}]}},{"kind":"Field","name":{"kind":"Name","value":"throttle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"partsPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerHour"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerDay"}},{"kind":"Field","name":{"kind":"Name","value":"minIntervalMs"}}]}},{"kind":"Field","name":{"kind":"Name","value":"simThrottles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slot"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerHour"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerDay"}},{"kind":"Field","name":{"kind":"Name","value":"minIntervalMs"}}]}}]}}]} as unknown as DocumentNode<ConsolePhoneFieldsFragment, unknown>;
export const ConsoleRouteFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleRouteFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Route"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"isDefault"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"strategy"}},{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prefixes"}},{"kind":"Field","name":{"kind":"Name","value":"countries"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"deviceId"}},{"kind":"Field","name":{"kind":"Name","value":"deviceIds"}},{"kind":"Field","name":{"kind":"Name","value":"carrierId"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"prices"}}]}}]}}]} as unknown as DocumentNode<ConsoleRouteFieldsFragment, unknown>;
export const ConsoleMeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleMe"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subjectId"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleMeQuery, ConsoleMeQueryVariables>;
export const ConsoleAcceptInviteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleAcceptInvite"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AcceptInviteInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acceptInvite"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessToken"}},{"kind":"Field","name":{"kind":"Name","value":"refreshToken"}},{"kind":"Field","name":{"kind":"Name","value":"expiresIn"}}]}}]}}]} as unknown as DocumentNode<ConsoleAcceptInviteMutation, ConsoleAcceptInviteMutationVariables>;
export const ConsoleCarriersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleCarriers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"carriers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleCarrierFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleCarrierFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Carrier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"smpp"}},{"kind":"Field","name":{"kind":"Name","value":"http"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"stateDetail"}},{"kind":"Field","name":{"kind":"Name","value":"stateSince"}},{"kind":"Field","name":{"kind":"Name","value":"counters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitted"}},{"kind":"Field","name":{"kind":"Name","value":"receipts"}},{"kind":"Field","name":{"kind":"Name","value":"inbound"}},{"kind":"Field","name":{"kind":"Name","value":"rejected"}},{"kind":"Field","name":{"kind":"Name","value":"throttled"}},{"kind":"Field","name":{"kind":"Name","value":"reconnects"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ConsoleCarriersQuery, ConsoleCarriersQueryVariables>;
export const ConsoleCreateCarrierDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCreateCarrier"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateCarrierInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createCarrier"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleCarrierFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleCarrierFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Carrier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"smpp"}},{"kind":"Field","name":{"kind":"Name","value":"http"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"stateDetail"}},{"kind":"Field","name":{"kind":"Name","value":"stateSince"}},{"kind":"Field","name":{"kind":"Name","value":"counters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitted"}},{"kind":"Field","name":{"kind":"Name","value":"receipts"}},{"kind":"Field","name":{"kind":"Name","value":"inbound"}},{"kind":"Field","name":{"kind":"Name","value":"rejected"}},{"kind":"Field","name":{"kind":"Name","value":"throttled"}},{"kind":"Field","name":{"kind":"Name","value":"reconnects"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ConsoleCreateCarrierMutation, ConsoleCreateCarrierMutationVariables>;
export const ConsoleUpdateCarrierDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleUpdateCarrier"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateCarrierInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateCarrier"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleCarrierFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleCarrierFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Carrier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"smpp"}},{"kind":"Field","name":{"kind":"Name","value":"http"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"stateDetail"}},{"kind":"Field","name":{"kind":"Name","value":"stateSince"}},{"kind":"Field","name":{"kind":"Name","value":"counters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitted"}},{"kind":"Field","name":{"kind":"Name","value":"receipts"}},{"kind":"Field","name":{"kind":"Name","value":"inbound"}},{"kind":"Field","name":{"kind":"Name","value":"rejected"}},{"kind":"Field","name":{"kind":"Name","value":"throttled"}},{"kind":"Field","name":{"kind":"Name","value":"reconnects"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ConsoleUpdateCarrierMutation, ConsoleUpdateCarrierMutationVariables>;
export const ConsoleDeleteCarrierDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleDeleteCarrier"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteCarrierInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteCarrier"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}]}]}}]} as unknown as DocumentNode<ConsoleDeleteCarrierMutation, ConsoleDeleteCarrierMutationVariables>;
export const ConsolePhonesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsolePhones"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"devices"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsolePhoneFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsolePhoneFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Device"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"online"}},{"kind":"Field","name":{"kind":"Name","value":"paired"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"battery"}},{"kind":"Field","name":{"kind":"Name","value":"charging"}},{"kind":"Field","name":{"kind":"Name","value":"signal"}},{"kind":"Field","name":{"kind":"Name","value":"queueDepth"}},{"kind":"Field","name":{"kind":"Name","value":"appVersion"}},{"kind":"Field","name":{"kind":"Name","value":"simPolicy"}},{"kind":"Field","name":{"kind":"Name","value":"sims"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slot"}},{"kind":"Field","name":{"kind":"Name","value":"operator"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}}]}},{"kind":"Field","name":{"kind":"Name","value":"throttle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"partsPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerHour"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerDay"}},{"kind":"Field","name":{"kind":"Name","value":"minIntervalMs"}}]}},{"kind":"Field","name":{"kind":"Name","value":"simThrottles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slot"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerHour"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerDay"}},{"kind":"Field","name":{"kind":"Name","value":"minIntervalMs"}}]}}]}}]} as unknown as DocumentNode<ConsolePhonesQuery, ConsolePhonesQueryVariables>;
export const ConsolePhoneStatusChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ConsolePhoneStatusChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deviceStatusChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deviceId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<ConsolePhoneStatusChangedSubscription, ConsolePhoneStatusChangedSubscriptionVariables>;
export const ConsoleCreateDeviceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCreateDevice"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateDeviceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createDevice"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"device"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsolePhoneFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pairing"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsolePhoneFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Device"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"online"}},{"kind":"Field","name":{"kind":"Name","value":"paired"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"battery"}},{"kind":"Field","name":{"kind":"Name","value":"charging"}},{"kind":"Field","name":{"kind":"Name","value":"signal"}},{"kind":"Field","name":{"kind":"Name","value":"queueDepth"}},{"kind":"Field","name":{"kind":"Name","value":"appVersion"}},{"kind":"Field","name":{"kind":"Name","value":"simPolicy"}},{"kind":"Field","name":{"kind":"Name","value":"sims"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slot"}},{"kind":"Field","name":{"kind":"Name","value":"operator"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}}]}},{"kind":"Field","name":{"kind":"Name","value":"throttle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"partsPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerHour"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerDay"}},{"kind":"Field","name":{"kind":"Name","value":"minIntervalMs"}}]}},{"kind":"Field","name":{"kind":"Name","value":"simThrottles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slot"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerHour"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerDay"}},{"kind":"Field","name":{"kind":"Name","value":"minIntervalMs"}}]}}]}}]} as unknown as DocumentNode<ConsoleCreateDeviceMutation, ConsoleCreateDeviceMutationVariables>;
export const ConsoleUpdateDeviceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleUpdateDevice"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateDeviceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateDevice"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsolePhoneFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsolePhoneFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Device"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"online"}},{"kind":"Field","name":{"kind":"Name","value":"paired"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"battery"}},{"kind":"Field","name":{"kind":"Name","value":"charging"}},{"kind":"Field","name":{"kind":"Name","value":"signal"}},{"kind":"Field","name":{"kind":"Name","value":"queueDepth"}},{"kind":"Field","name":{"kind":"Name","value":"appVersion"}},{"kind":"Field","name":{"kind":"Name","value":"simPolicy"}},{"kind":"Field","name":{"kind":"Name","value":"sims"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slot"}},{"kind":"Field","name":{"kind":"Name","value":"operator"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}}]}},{"kind":"Field","name":{"kind":"Name","value":"throttle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"partsPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerHour"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerDay"}},{"kind":"Field","name":{"kind":"Name","value":"minIntervalMs"}}]}},{"kind":"Field","name":{"kind":"Name","value":"simThrottles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slot"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerHour"}},{"kind":"Field","name":{"kind":"Name","value":"partsPerDay"}},{"kind":"Field","name":{"kind":"Name","value":"minIntervalMs"}}]}}]}}]} as unknown as DocumentNode<ConsoleUpdateDeviceMutation, ConsoleUpdateDeviceMutationVariables>;
export const ConsoleRevokeDeviceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleRevokeDevice"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RevokeDeviceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeDevice"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}]}]}}]} as unknown as DocumentNode<ConsoleRevokeDeviceMutation, ConsoleRevokeDeviceMutationVariables>;
export const ConsoleCreatePairingCodeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCreatePairingCode"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreatePairingCodeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createPairingCode"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]} as unknown as DocumentNode<ConsoleCreatePairingCodeMutation, ConsoleCreatePairingCodeMutationVariables>;
export const ConsoleRoutesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleRoutes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"routes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleRouteFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"devices"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"carriers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleRouteFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Route"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"isDefault"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"strategy"}},{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prefixes"}},{"kind":"Field","name":{"kind":"Name","value":"countries"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"deviceId"}},{"kind":"Field","name":{"kind":"Name","value":"deviceIds"}},{"kind":"Field","name":{"kind":"Name","value":"carrierId"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"prices"}}]}}]}}]} as unknown as DocumentNode<ConsoleRoutesQuery, ConsoleRoutesQueryVariables>;
export const ConsoleUpsertRouteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleUpsertRoute"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertRouteInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upsertRoute"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleRouteFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleRouteFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Route"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"isDefault"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"strategy"}},{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prefixes"}},{"kind":"Field","name":{"kind":"Name","value":"countries"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"deviceId"}},{"kind":"Field","name":{"kind":"Name","value":"deviceIds"}},{"kind":"Field","name":{"kind":"Name","value":"carrierId"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"prices"}}]}}]}}]} as unknown as DocumentNode<ConsoleUpsertRouteMutation, ConsoleUpsertRouteMutationVariables>;
export const ConsoleDeleteRouteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleDeleteRoute"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteRouteInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteRoute"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}]}]}}]} as unknown as DocumentNode<ConsoleDeleteRouteMutation, ConsoleDeleteRouteMutationVariables>;
export const ConsoleSignInDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleSignIn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SignInInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"signIn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessToken"}},{"kind":"Field","name":{"kind":"Name","value":"refreshToken"}},{"kind":"Field","name":{"kind":"Name","value":"expiresIn"}}]}}]}}]} as unknown as DocumentNode<ConsoleSignInMutation, ConsoleSignInMutationVariables>;