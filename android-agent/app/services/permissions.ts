import { PermissionsAndroid, Platform, type Permission, type Rationale } from 'react-native';

export type GatewayPermission =
  'SEND_SMS' | 'RECEIVE_SMS' | 'READ_PHONE_STATE' | 'READ_PHONE_NUMBERS' | 'POST_NOTIFICATIONS';

/**
 * `unrequested`: not granted and not asked yet in this run; `denied`: refused, may be asked again;
 * `blocked`: refused with "don't ask again", only the app's settings page can change it;
 * `not-needed`: this Android version has no such runtime permission.
 */
export type PermissionState = 'granted' | 'unrequested' | 'denied' | 'blocked' | 'not-needed';

export type PermissionReport = Record<GatewayPermission, PermissionState>;

interface PermissionSpec {
  android: Permission;
  rationale: Rationale;
  /** What does not work without it, shown next to a refused permission. */
  blocks: string;
  /** Runtime permission from this API level on. */
  minApi?: number;
}

export const PERMISSIONS: Record<GatewayPermission, PermissionSpec> = {
  SEND_SMS: {
    android: PermissionsAndroid.PERMISSIONS.SEND_SMS,
    rationale: {
      title: 'Send SMS',
      message: 'The gateway sends the messages your server queues for this phone, from its SIM.',
      buttonPositive: 'Continue',
    },
    blocks: 'This phone cannot send SMS, so the agent does not connect as a sender.',
  },
  RECEIVE_SMS: {
    android: PermissionsAndroid.PERMISSIONS.RECEIVE_SMS,
    rationale: {
      title: 'Receive SMS',
      message: 'Replies and STOP keywords sent to this phone are forwarded to your server.',
      buttonPositive: 'Continue',
    },
    blocks: 'Replies and STOP (opt-out) keywords sent to this phone are not received.',
  },
  READ_PHONE_STATE: {
    android: PermissionsAndroid.PERMISSIONS.READ_PHONE_STATE,
    rationale: {
      title: 'SIM cards',
      // Android's dialog names the whole "Phone" group, which reads far worse than what is used.
      message:
        'Android asks this as "make and manage phone calls". The gateway makes no calls: it only reads ' +
        'which SIM cards are in this phone, so the server can choose the SIM that sends each message.',
      buttonPositive: 'Continue',
    },
    blocks:
      "The SIMs cannot be read, so the server cannot choose a SIM: every message goes out through Android's " +
      'default SIM, and a message sent to a particular SIM fails.',
  },
  READ_PHONE_NUMBERS: {
    android: PermissionsAndroid.PERMISSIONS.READ_PHONE_NUMBERS,
    rationale: {
      title: 'SIM phone numbers',
      message: "The console shows each SIM's own number, when the SIM knows it.",
      buttonPositive: 'Continue',
    },
    blocks: "The SIMs' own numbers are not shown in the console.",
    minApi: 26,
  },
  POST_NOTIFICATIONS: {
    android: PermissionsAndroid.PERMISSIONS.POST_NOTIFICATIONS,
    rationale: {
      title: 'Notification',
      message: 'While the gateway runs in the background, Android requires a visible notification.',
      buttonPositive: 'Continue',
    },
    blocks: 'The background notification is hidden, and Android may stop the gateway sooner.',
    minApi: 33,
  },
};

export const PERMISSION_ORDER = Object.keys(PERMISSIONS) as GatewayPermission[];

/** The slice of PermissionsAndroid used here, so tests give answers without a device. */
export interface PermissionsApi {
  apiLevel: number;
  check: (permission: Permission) => Promise<boolean>;
  request: (permission: Permission, rationale?: Rationale) => Promise<'granted' | 'denied' | 'never_ask_again'>;
}

export const androidPermissionsApi: PermissionsApi = {
  apiLevel: typeof Platform.Version === 'number' ? Platform.Version : Number(Platform.Version),
  check: (permission) => PermissionsAndroid.check(permission),
  request: (permission, rationale) => PermissionsAndroid.request(permission, rationale),
};

/** The current grants, without asking; what was refused earlier keeps its refusal kind. */
export async function checkPermissions(api: PermissionsApi, previous?: PermissionReport): Promise<PermissionReport> {
  const report = {} as PermissionReport;
  for (const name of PERMISSION_ORDER) {
    const spec = PERMISSIONS[name];
    if (spec.minApi !== undefined && api.apiLevel < spec.minApi) {
      report[name] = 'not-needed';
    } else if (await api.check(spec.android)) {
      report[name] = 'granted';
    } else {
      const before = previous?.[name];
      report[name] = before === 'denied' || before === 'blocked' ? before : 'unrequested';
    }
  }
  return report;
}

/** Asks for each missing permission in turn, each with its own explanation. */
export async function requestPermissions(api: PermissionsApi, current: PermissionReport): Promise<PermissionReport> {
  const report = { ...current };
  for (const name of PERMISSION_ORDER) {
    if (report[name] === 'granted' || report[name] === 'not-needed') {
      continue;
    }
    const spec = PERMISSIONS[name];
    const answer = await api.request(spec.android, spec.rationale);
    report[name] = answer === 'granted' ? 'granted' : answer === 'never_ask_again' ? 'blocked' : 'denied';
  }
  return report;
}

export interface PermissionProblem {
  name: GatewayPermission;
  state: Exclude<PermissionState, 'granted' | 'not-needed'>;
  title: string;
  blocks: string;
}

/** Every permission the gateway lacks, in a fixed order: never silent. */
export function permissionProblems(report: PermissionReport): PermissionProblem[] {
  return PERMISSION_ORDER.flatMap((name) => {
    const state = report[name];
    if (state === 'granted' || state === 'not-needed') {
      return [];
    }
    const spec = PERMISSIONS[name];
    return [{ name, state, title: spec.rationale.title, blocks: spec.blocks }];
  });
}

export function canSend(report: PermissionReport): boolean {
  return report.SEND_SMS === 'granted';
}
