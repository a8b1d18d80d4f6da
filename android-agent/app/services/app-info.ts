import packageJson from '../../package.json';

/** Reported in `hello` and when pairing; the package version is the app's version. */
export const APP_VERSION: string = packageJson.version;

/** Must equal `expo.android.package` in app.json: the battery exemption names the app by it. */
export const APPLICATION_ID = 'org.smsgateway.agent';

/** The console's QR code and the notification's tap target use this scheme (`smsgw://pair?…`). */
export const LINK_SCHEME = 'smsgw';
