import { Button, Group } from '@mantine/core';
import { useCallback, useState } from 'react';

/**
 * Keyset paging: the API hands out the next page's cursor only, so going back walks a stack of the
 * cursors that opened the earlier pages.
 */
export function useKeysetPages() {
  const [stack, setStack] = useState<(string | null)[]>([null]);
  const after = stack[stack.length - 1];
  const next = useCallback((cursor: string | null | undefined) => {
    if (cursor) setStack((s) => [...s, cursor]);
  }, []);
  const previous = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([null]), []);
  return { after, page: stack.length, next, previous, reset };
}

export function Pager({
  pages,
  hasNextPage,
  endCursor,
  label,
}: {
  pages: ReturnType<typeof useKeysetPages>;
  hasNextPage: boolean;
  endCursor: string | null | undefined;
  /** What is paged, for screen readers ("Opt-outs pages"). */
  label: string;
}) {
  if (pages.page === 1 && !hasNextPage) return null;
  return (
    <Group component="nav" aria-label={label} justify="space-between" mt="sm">
      <Button variant="default" disabled={pages.page === 1} onClick={pages.previous}>
        Newer
      </Button>
      <span style={{ fontSize: 'var(--mantine-font-size-sm)' }}>Page {pages.page}</span>
      <Button variant="default" disabled={!hasNextPage} onClick={() => pages.next(endCursor)}>
        Older
      </Button>
    </Group>
  );
}
