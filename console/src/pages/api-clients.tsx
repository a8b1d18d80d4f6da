import {
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notify } from '../components/notify';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ConfirmDialog } from '../components/confirm';
import { OnceSecretModal, type OnceSecretValue } from '../components/once-secret';
import { PageHeader, ProblemAlert } from '../components/page';
import { graphql } from '../gql';
import { formatTime } from '../lib/format';
import { problemOf } from '../lib/problem';

const Clients = graphql(`
  query ConsoleOAuthClients {
    oauthClients {
      clientId
      name
      scopes
      createdAt
      lastUsedAt
      secretRotatedAt
    }
  }
`);

const Create = graphql(`
  mutation ConsoleCreateOAuthClient($input: CreateOAuthClientInput!) {
    createOAuthClient(input: $input) {
      clientId
      clientSecret
      name
    }
  }
`);

const RotateSecret = graphql(`
  mutation ConsoleRotateOAuthClientSecret($input: RotateOAuthClientSecretInput!) {
    rotateOAuthClientSecret(input: $input) {
      clientId
      clientSecret
      name
    }
  }
`);

const Revoke = graphql(`
  mutation ConsoleRevokeOAuthClient($input: RevokeOAuthClientInput!) {
    revokeOAuthClient(input: $input)
  }
`);

/** The scopes a client may hold (src/modules/auth/scopes.ts), with what each allows. */
const SCOPES = [
  { value: 'messages:send', label: 'messages:send', description: 'send SMS' },
  { value: 'messages:read', label: 'messages:read', description: 'read messages, statuses and conversations' },
  { value: 'devices:read', label: 'devices:read', description: 'list phones and their state' },
  { value: 'devices:write', label: 'devices:write', description: 'add, pair, change and revoke phones' },
  { value: 'suppressions:read', label: 'suppressions:read', description: 'read the opt-out list' },
  { value: 'suppressions:write', label: 'suppressions:write', description: 'add, remove and import opt-outs' },
  { value: 'webhooks:write', label: 'webhooks:write', description: 'manage webhook endpoints' },
  { value: 'admin', label: 'admin', description: 'everything, including people, routes and carriers' },
];

type Client = { clientId: string; name: string };

function CreateClient({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (client: Client & { clientSecret: string }) => void;
}) {
  const [{ fetching, error }, create] = useMutation(Create);
  const form = useForm({ initialValues: { name: '', scopes: ['messages:send', 'messages:read'] } });
  const problem = problemOf(error);
  const named = problem && (problem.fields.name || problem.fields.scopes);
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={opened}
      onClose={onClose}
      title="New API client"
      size="lg"
    >
      <form
        onSubmit={form.onSubmit(({ name, scopes }) => {
          void create({ input: { name: name.trim(), scopes } }).then((result) => {
            if (result.data) onCreated(result.data.createOAuthClient);
          });
        })}
      >
        <Stack>
          {problem && !named && <ProblemAlert problem={problem} title="Not created" />}
          <TextInput
            label="Name"
            description="What uses it, e.g. billing-service"
            data-autofocus
            {...form.getInputProps('name')}
            error={problem?.fields.name ?? form.errors.name}
          />
          <Checkbox.Group
            label="Scopes"
            description="Give the client only what it needs"
            {...form.getInputProps('scopes')}
            error={problem?.fields.scopes ?? form.errors.scopes}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={8} verticalSpacing={8} mt={8}>
              {SCOPES.map((s) => (
                <Checkbox key={s.value} value={s.value} label={s.label} description={s.description} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={fetching}>
              Create client
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function ApiClientsPage() {
  const [{ data, error }, refetch] = useQuery({ query: Clients });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ title: string; values: OnceSecretValue[] }>();
  const [rotating, setRotating] = useState<Client>();
  const [rotation, rotate] = useMutation(RotateSecret);
  const [revoking, setRevoking] = useState<Client>();
  const [revocation, revoke] = useMutation(Revoke);
  const clients = data?.oauthClients ?? [];

  const showSecret = (title: string, client: Client & { clientSecret: string }) =>
    setSecret({
      title,
      values: [
        { label: 'Client ID', value: client.clientId },
        { label: 'Client secret', value: client.clientSecret },
      ],
    });

  return (
    <>
      <PageHeader title="API clients" actions={<Button onClick={() => setCreating(true)}>New client</Button>} />
      <Stack>
        <Text size="sm">
          Servers that call the API get their tokens from <Code>POST /v1/oauth/token</Code> with the OAuth2 client
          credentials grant, using a client’s ID and secret.
        </Text>
        <ProblemAlert problem={problemOf(error)} />
        <Table.ScrollContainer minWidth={780}>
          <Table striped aria-label="API clients">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Client ID</Table.Th>
                <Table.Th>Scopes</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last token</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data && clients.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text size="sm" c="dimmed">
                      No API clients yet.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {clients.map((c) => (
                <Table.Tr key={c.clientId}>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>
                    <Code>{c.clientId}</Code>
                  </Table.Td>
                  <Table.Td maw={260}>
                    <Group gap={4}>
                      {c.scopes.map((s) => (
                        <Badge key={s} color={s === 'admin' ? 'red' : 'gray'} size="sm" tt="none">
                          {s}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatTime(c.createdAt)}</Text>
                    {c.secretRotatedAt && (
                      <Text size="xs" c="dimmed">
                        secret rotated {formatTime(c.secretRotatedAt)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{c.lastUsedAt ? formatTime(c.lastUsedAt) : 'Never'}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap" justify="flex-end">
                      <Button
                        size="compact-sm"
                        variant="default"
                        aria-label={`Rotate the secret of ${c.name}`}
                        onClick={() => setRotating(c)}
                      >
                        Rotate secret
                      </Button>
                      <Button
                        size="compact-sm"
                        variant="outline"
                        color="red.9"
                        aria-label={`Revoke ${c.name}`}
                        onClick={() => setRevoking(c)}
                      >
                        Revoke
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>

      <CreateClient
        key={creating ? 'open' : 'closed'}
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(client) => {
          setCreating(false);
          reload();
          showSecret(`${client.name} created`, client);
        }}
      />
      <OnceSecretModal
        title={secret?.title ?? ''}
        values={secret?.values}
        onClose={() => setSecret(undefined)}
        note="Store the client secret where the client runs: it is not shown again. Lost, it can only be replaced (Rotate secret)."
      />
      <ConfirmDialog
        opened={!!rotating}
        title="Rotate the client secret?"
        confirmLabel="Rotate secret"
        color="indigo"
        loading={rotation.fetching}
        problem={problemOf(rotation.error)}
        onClose={() => setRotating(undefined)}
        onConfirm={() => {
          if (!rotating) return;
          void rotate({ input: { id: rotating.clientId } }).then((result) => {
            if (result.data) {
              setRotating(undefined);
              reload();
              showSecret(`New secret for ${rotating.name}`, result.data.rotateOAuthClientSecret);
            }
          });
        }}
      >
        The current secret of {rotating?.name} stops working at once: the client cannot get new tokens until it has the
        new one.
      </ConfirmDialog>
      <ConfirmDialog
        opened={!!revoking}
        title="Revoke the client?"
        confirmLabel="Revoke"
        loading={revocation.fetching}
        problem={problemOf(revocation.error)}
        onClose={() => setRevoking(undefined)}
        onConfirm={() => {
          if (!revoking) return;
          void revoke({ input: { id: revoking.clientId } }).then((result) => {
            if (result.data) {
              notify({ message: `${revoking.name} revoked` });
              setRevoking(undefined);
              reload();
            }
          });
        }}
      >
        {revoking?.name} gets no new tokens, and the tokens it holds stop working within seconds. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}
