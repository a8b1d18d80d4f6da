import { Alert, Button, CopyButton, Group, Modal, Stack, TextInput } from '@mantine/core';

export interface OnceSecretValue {
  label: string;
  value: string;
}

/**
 * A secret the API shows once (a signing secret, a client secret, an invitation link): each value
 * read-only with a copy button, and a warning that closing the dialog is the last look.
 */
export function OnceSecretModal({
  title,
  values,
  onClose,
  note = 'Copy it now: it is not shown again.',
}: {
  title: string;
  /** Nothing to show: the dialog is closed. */
  values: OnceSecretValue[] | undefined;
  onClose: () => void;
  note?: string;
}) {
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={!!values}
      onClose={onClose}
      title={title}
      size="lg"
      closeOnClickOutside={false}
    >
      <Stack>
        <Alert color="yellow" title="Shown once" styles={{ title: { color: 'var(--mantine-color-text)' } }}>
          {note}
        </Alert>
        {values?.map(({ label, value }) => (
          <Group key={label} align="flex-end" wrap="nowrap" gap="xs">
            <TextInput
              label={label}
              value={value}
              readOnly
              style={{ flex: 1, minWidth: 0 }}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton value={value} timeout={2000}>
              {({ copied, copy }) => (
                <Button
                  variant={copied ? 'filled' : 'light'}
                  color={copied ? 'teal.9' : undefined}
                  onClick={copy}
                  aria-label={`Copy ${label.toLowerCase()}`}
                >
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        ))}
        <Group justify="flex-end">
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
