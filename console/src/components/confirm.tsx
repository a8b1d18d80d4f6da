import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Problem } from '../lib/problem';
import { ProblemAlert } from './page';

/**
 * Asks before a destructive action (revoke, delete). The action runs on the confirm button; the
 * dialog stays open with the API's problem if the gateway refuses it. Render it while it is asked
 * (it is open when mounted), so it closes at once and its title never changes on the way out.
 */
export function ConfirmModal({
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  busy,
  problem,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  busy?: boolean;
  problem?: Problem;
}) {
  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened onClose={onClose} title={title} centered>
      <Stack>
        <Text size="sm">{children}</Text>
        <ProblemAlert problem={problem} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red.9" loading={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
