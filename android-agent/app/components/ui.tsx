import type { ReactNode } from 'react';
import { Pressable, StyleSheet, Text, View } from 'react-native';

export const colors = {
  text: '#1b1f24',
  muted: '#57606a',
  border: '#d0d7de',
  accent: '#1f6feb',
  danger: '#cf222e',
  ok: '#1a7f37',
  background: '#ffffff',
};

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <View style={styles.section}>
      <Text style={styles.sectionTitle} accessibilityRole="header">
        {title}
      </Text>
      {children}
    </View>
  );
}

export function Row({ label, value }: { label: string; value: string }) {
  return (
    <View style={styles.row}>
      <Text style={styles.label}>{label}</Text>
      <Text style={styles.value}>{value}</Text>
    </View>
  );
}

export function Button({
  title,
  onPress,
  kind = 'primary',
  disabled = false,
}: {
  title: string;
  onPress: () => void;
  kind?: 'primary' | 'secondary' | 'danger';
  disabled?: boolean;
}) {
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityState={{ disabled }}
      disabled={disabled}
      onPress={onPress}
      style={[styles.button, kind !== 'primary' && styles.buttonOutline, disabled && styles.disabled]}
    >
      <Text
        style={[
          styles.buttonText,
          kind === 'secondary' && { color: colors.accent },
          kind === 'danger' && { color: colors.danger },
        ]}
      >
        {title}
      </Text>
    </Pressable>
  );
}

export function ErrorText({ children }: { children: ReactNode }) {
  return (
    <Text style={styles.error} accessibilityRole="alert">
      {children}
    </Text>
  );
}

export const styles = StyleSheet.create({
  section: { marginBottom: 20 },
  sectionTitle: { fontSize: 17, fontWeight: '600', color: colors.text, marginBottom: 8 },
  row: { flexDirection: 'row', justifyContent: 'space-between', paddingVertical: 6, gap: 12 },
  label: { color: colors.muted, flexShrink: 0 },
  value: { color: colors.text, flexShrink: 1, textAlign: 'right' },
  button: {
    backgroundColor: colors.accent,
    borderRadius: 8,
    paddingVertical: 12,
    paddingHorizontal: 16,
    alignItems: 'center',
    marginVertical: 6,
  },
  buttonOutline: { backgroundColor: 'transparent', borderWidth: 1, borderColor: colors.border },
  buttonText: { color: '#ffffff', fontWeight: '600' },
  disabled: { opacity: 0.5 },
  error: { color: colors.danger, marginVertical: 6 },
  input: {
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 8,
    paddingHorizontal: 12,
    paddingVertical: 10,
    marginBottom: 10,
    color: colors.text,
  },
  hint: { color: colors.muted, marginBottom: 8 },
  screen: { padding: 16 },
});
