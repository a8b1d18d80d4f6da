import { Anchor, createTheme, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // indigo.6 with white text is under WCAG AA's 4.5:1; shade 8 is well above it.
  primaryShade: 8,
  defaultRadius: 'md',
  components: {
    // A link inside text must not rely on colour alone (axe: link-in-text-block).
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
  },
});

/**
 * Mantine's dimmed grey (gray.6) is too light for AA on white; gray.7 passes. So is its error red
 * (red.6, 3.3:1) for a field's message: red.9 passes.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7], '--mantine-color-error': t.colors.red[9] },
  dark: {},
});
