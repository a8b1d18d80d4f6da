import { Badge, Button, Group, Paper, PasswordInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from 'urql';
import { PageHeader, ProblemAlert } from '../components/page';
import { graphql } from '../gql';
import { useMe } from '../lib/me';
import { problemOf } from '../lib/problem';
import { session } from '../lib/session';

const ChangePassword = graphql(`
  mutation ConsoleChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input)
  }
`);

/** Shown at sign-in after the change: the server ended every session of the old password, this one too. */
const PASSWORD_CHANGED = 'Your password was changed and your sessions ended. Sign in with the new password.';

function Fact({ label, children }: { label: string; children: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text style={{ overflowWrap: 'anywhere' }}>{children}</Text>
    </div>
  );
}

function PasswordForm() {
  const [{ fetching, error }, change] = useMutation(ChangePassword);
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    validate: {
      confirmPassword: (value, values) => (value === values.newPassword ? null : 'The two new passwords differ'),
    },
  });
  const problem = problemOf(error);
  // Mantine's PasswordInput marks an error with data-invalid only; assistive technology needs aria-invalid.
  // A wrong current password is the API's UNAUTHENTICATED with its own detail, not a field error.
  const currentError =
    problem?.fields.currentPassword ?? (problem?.code === 'UNAUTHENTICATED' ? problem.detail : undefined);

  return (
    <Paper withBorder p="md" maw={560}>
      <form
        onSubmit={form.onSubmit(async ({ currentPassword, newPassword }) => {
          const result = await change({ input: { currentPassword, newPassword } });
          // The server revoked every refresh token of the user, this tab's too, and the access token
          // stops working within seconds: end the session now and sign in again with the new password.
          if (result.data?.changePassword) session.end(PASSWORD_CHANGED);
        })}
      >
        <Stack>
          <Title order={3}>Change password</Title>
          <Text size="sm" c="dimmed">
            Every session of yours ends with the old password, this one too: you sign in again afterwards.
          </Text>
          <ProblemAlert problem={problem} title="Password not changed" />
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            {...form.getInputProps('currentPassword')}
            error={currentError ?? form.errors.currentPassword}
            aria-invalid={!!(currentError ?? form.errors.currentPassword)}
          />
          <PasswordInput
            label="New password"
            description="At least 10 characters"
            autoComplete="new-password"
            required
            {...form.getInputProps('newPassword')}
            error={problem?.fields.newPassword ?? form.errors.newPassword}
            aria-invalid={!!(problem?.fields.newPassword ?? form.errors.newPassword)}
          />
          <PasswordInput
            label="Repeat the new password"
            autoComplete="new-password"
            required
            {...form.getInputProps('confirmPassword')}
            aria-invalid={!!form.errors.confirmPassword}
          />
          <Group>
            <Button type="submit" loading={fetching}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export default function ProfilePage() {
  const me = useMe();
  const isPerson = me.role !== 'client';
  return (
    <>
      <PageHeader title="My profile" />
      <Stack>
        <Paper withBorder p="md" maw={560}>
          <Stack>
            <Title order={3}>Who you are</Title>
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <Fact label="Email">{me.email}</Fact>
              <Fact label="Role">{me.role}</Fact>
              <Fact label="Account">{me.accountName}</Fact>
              <Fact label="User id">{me.userId}</Fact>
            </SimpleGrid>
            <div>
              <Text size="xs" c="dimmed" tt="uppercase" fw={700} id="scopes-label">
                What your role allows
              </Text>
              <Group gap="xs" mt={4} role="list" aria-labelledby="scopes-label">
                {[...me.scopes].sort().map((scope) => (
                  <Badge key={scope} variant="default" tt="none" role="listitem">
                    {scope}
                  </Badge>
                ))}
              </Group>
            </div>
          </Stack>
        </Paper>
        {isPerson && <PasswordForm />}
      </Stack>
    </>
  );
}
