import { notifications, type NotificationData } from '@mantine/notifications';

// Mantine's notification close button has no text of its own (axe: button-name).
const closeButtonProps = { 'aria-label': 'Close' };

/** A short confirmation that something was saved, revoked, deleted. */
export function notifyDone(message: string): void {
  notifications.show({ color: 'green', message, closeButtonProps });
}

/** An action that was refused, with the API's detail. */
export function notifyRefused(title: string, message: string): void {
  notifications.show({ color: 'red', title, message, closeButtonProps });
}

/** Any notification, with its close button named. */
export function notify(data: NotificationData): void {
  notifications.show({ closeButtonProps, ...data });
}
