import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { problemOf } from '../lib/problem';
import { session } from '../lib/session';

const SignIn = graphql(`
  mutation ConsoleSignIn($input: SignInInput!) {
    signIn(input: $input) {
      accessToken
      refreshToken
      expiresIn
    }
  }
`);

/** Only a path inside the console is followed after sign-in (no open redirect). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [ended] = useState(() => session.endReason);
  const [{ fetching, error }, signIn] = useMutation(SignIn);
  const form = useForm({ initialValues: { email: '', password: '' } });
  const problem = problemOf(error);

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={400}>
        <form
          onSubmit={form.onSubmit(async (values) => {
            const result = await signIn({ input: values });
            if (result.data) {
              session.start(result.data.signIn);
              void navigate(safeNext(params.get('next')), { replace: true });
            }
          })}
        >
          <Stack>
            <Title order={1} size="h2">
              Sign in
            </Title>
            <Text c="dimmed" size="sm">
              SMS gateway console
            </Text>
            {ended && <Alert color="yellow">{ended}</Alert>}
            {problem && (
              <Alert color="red" title="Could not sign in" role="alert">
                {problem.detail}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              {...form.getInputProps('email')}
              error={problem?.fields.email ?? form.errors.email}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              {...form.getInputProps('password')}
              error={problem?.fields.password ?? form.errors.password}
            />
            <Button type="submit" loading={fetching}>
              Sign in
            </Button>
            <Text size="xs" c="dimmed">
              Invited? Open the link from your invitation; it lands on{' '}
              <Anchor href="/console/accept-invite">accept invitation</Anchor>.
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
