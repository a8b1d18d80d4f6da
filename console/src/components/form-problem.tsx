import { Alert, List, Stack } from '@mantine/core';
import type { Problem } from '../lib/problem';

/**
 * A refused form: the API's detail and code, plus the field messages the form shows at no input
 * (`placed` says which fields have one), so no message the API gave is lost.
 */
export function FormProblem({ problem, placed }: { problem?: Problem; placed: (field: string) => boolean }) {
  if (!problem) return null;
  const elsewhere = Object.entries(problem.fields).filter(([field]) => !placed(field));
  return (
    <Alert color="red" title="The gateway refused this" role="alert">
      <Stack gap={4}>
        <span>{problem.detail}</span>
        {elsewhere.length > 0 && (
          <List size="sm">
            {elsewhere.map(([field, message]) => (
              <List.Item key={field}>{message}</List.Item>
            ))}
          </List>
        )}
        <span style={{ fontSize: 'var(--mantine-font-size-xs)' }}>code: {problem.code}</span>
      </Stack>
    </Alert>
  );
}
