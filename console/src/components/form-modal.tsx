import { Modal } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';

/**
 * A dialog holding a long form: wide on a desktop, the whole screen on a phone (a centred box
 * there leaves the fields little room). Render it while it is wanted: it is open when mounted.
 */
export function FormModal({
  title,
  size = 'xl',
  onClose,
  children,
}: {
  title: string;
  size?: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const small = useMediaQuery('(max-width: 36em)');
  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      size={size}
      fullScreen={small}
      // Mantine's close button has no text of its own (axe: button-name).
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {children}
    </Modal>
  );
}
