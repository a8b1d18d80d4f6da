import { Anchor, Badge, createTheme, Modal, NavLink, Notification, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // indigo.6 with white text is under WCAG AA's 4.5:1; shade 8 is well above it.
  primaryShade: 8,
  defaultRadius: 'md',
  components: {
    // A link inside text must not rely on colour alone (axe: link-in-text-block).
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
    // Small white text on green, cyan or orange fails AA contrast; a dot keeps the text dark.
    Badge: Badge.extend({ defaultProps: { variant: 'dot' } }),
    // The active menu entry: indigo text on the light tint is under AA (about 4:1); white on indigo.8 is not.
    NavLink: NavLink.extend({ defaultProps: { variant: 'filled' } }),
    // Mantine's close buttons have no accessible name (axe: button-name).
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    // Its description is a light grey (under AA below a title): the body text colour instead.
    Notification: Notification.extend({
      defaultProps: {
        closeButtonProps: { 'aria-label': 'Close' },
        styles: { description: { color: 'var(--mantine-color-text)' } },
      },
    }),
  },
});

/** Mantine's dimmed grey (gray.6) and error red (red.6) are too light for AA on white; gray.7 and red.9 pass. */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7], '--mantine-color-error': t.colors.red[9] },
  dark: {},
});
