import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { problemOf } from '../lib/problem';
import { session } from '../lib/session';

const AcceptInvite = graphql(`
  mutation ConsoleAcceptInvite($input: AcceptInviteInput!) {
    acceptInvite(input: $input) {
      accessToken
      refreshToken
      expiresIn
    }
  }
`);

/** The invite link is /console/accept-invite?token=inv_…; the invited person chooses a password. */
export default function AcceptInvitePage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [{ fetching, error }, accept] = useMutation(AcceptInvite);
  const form = useForm({
    initialValues: { token: params.get('token') ?? '', password: '', confirm: '' },
    validate: { confirm: (value, values) => (value === values.password ? null : 'The passwords differ') },
  });
  const problem = problemOf(error);

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <form
          onSubmit={form.onSubmit(async ({ token, password }) => {
            const result = await accept({ input: { token, password } });
            if (result.data) {
              session.start(result.data.acceptInvite);
              void navigate('/', { replace: true });
            }
          })}
        >
          <Stack>
            <Title order={1} size="h2">
              Accept your invitation
            </Title>
            <Text size="sm">Choose a password to join the account.</Text>
            {problem && (
              <Alert color="red" title="Could not accept the invitation" role="alert">
                {problem.detail}
              </Alert>
            )}
            <TextInput
              label="Invitation token"
              required
              {...form.getInputProps('token')}
              error={problem?.fields.token ?? form.errors.token}
            />
            <PasswordInput
              label="New password"
              autoComplete="new-password"
              required
              {...form.getInputProps('password')}
              error={problem?.fields.password ?? form.errors.password}
            />
            <PasswordInput
              label="Repeat the password"
              autoComplete="new-password"
              required
              {...form.getInputProps('confirm')}
            />
            <Button type="submit" loading={fetching}>
              Join
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
