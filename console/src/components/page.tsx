import { Alert, Group, List, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Problem } from '../lib/problem';

/** Every page starts so: its h2 title (the navigation's label) and its main actions. */
export function PageHeader({ title, actions }: { title: string; actions?: ReactNode }) {
  return (
    <Group justify="space-between" mb="md" wrap="wrap" gap="sm">
      <Title order={2}>{title}</Title>
      {actions}
    </Group>
  );
}

/**
 * The API's problem `detail`; field messages go beside their fields (`problem.fields[name]`), or
 * here with `withFields` where no field shows them.
 */
export function ProblemAlert({
  problem,
  title = 'The gateway refused this',
  withFields,
}: {
  problem?: Problem;
  title?: string;
  withFields?: boolean;
}) {
  if (!problem) return null;
  const fields = withFields ? Object.values(problem.fields).filter((m) => m !== problem.detail) : [];
  return (
    <Alert color="red" title={title} role="alert">
      <Stack gap={4}>
        <span>{problem.detail}</span>
        {fields.length > 0 && (
          <List size="sm">
            {fields.map((message) => (
              <List.Item key={message}>{message}</List.Item>
            ))}
          </List>
        )}
        <span style={{ fontSize: 'var(--mantine-font-size-xs)' }}>code: {problem.code}</span>
      </Stack>
    </Alert>
  );
}
