import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Problem } from '../lib/problem';
import { ProblemAlert } from './page';

interface ConfirmProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  problem?: Problem;
}

/**
 * Asks before an action that cannot be undone (revoke, delete, rotate). The action runs on the
 * confirm button; the dialog stays open with the API's problem if the gateway refuses it.
 */
export function ConfirmDialog({
  opened,
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  loading,
  problem,
  color = 'red',
  centered,
}: ConfirmProps & { opened: boolean; loading?: boolean; color?: string; centered?: boolean }) {
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={opened}
      onClose={onClose}
      title={title}
      centered={centered}
    >
      <Stack>
        <Text size="sm" component="div">
          {children}
        </Text>
        <ProblemAlert problem={problem} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color={color === 'red' ? 'red.9' : color} loading={loading} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * The same dialog rendered only while it is asked (open when mounted), so it closes at once and its
 * title never changes on the way out.
 */
export function ConfirmModal({ busy, ...props }: ConfirmProps & { busy?: boolean }) {
  return <ConfirmDialog {...props} opened loading={busy} centered />;
}
