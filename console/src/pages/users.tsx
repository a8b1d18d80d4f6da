import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  Select,
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
import { useMe } from '../lib/me';
import { problemOf } from '../lib/problem';

const Users = graphql(`
  query ConsoleUsers {
    users {
      id
      email
      role
      status
      createdAt
    }
  }
`);

const Invite = graphql(`
  mutation ConsoleInviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) {
      user {
        id
        email
        role
        status
      }
      invitation {
        token
        expiresAt
      }
    }
  }
`);

const ChangeRole = graphql(`
  mutation ConsoleChangeUserRole($input: ChangeUserRoleInput!) {
    changeUserRole(input: $input) {
      id
      role
    }
  }
`);

const RemoveUser = graphql(`
  mutation ConsoleRemoveUser($input: RemoveUserInput!) {
    removeUser(input: $input)
  }
`);

const ROLES = [
  { value: 'owner', label: 'Owner' },
  { value: 'admin', label: 'Admin' },
  { value: 'developer', label: 'Developer' },
  { value: 'viewer', label: 'Viewer' },
];

const ROLE_HELP =
  'Viewers read messages, phones and opt-outs; developers also send and manage phones, opt-outs and webhooks; admins also manage people, routes, carriers and API clients; owners also manage owners.';

/** The link the invited person opens; the accept-invite page reads the token from it. */
function inviteLink(token: string): string {
  return `${location.origin}/console/accept-invite?token=${encodeURIComponent(token)}`;
}

function InviteModal({
  opened,
  onClose,
  onInvited,
}: {
  opened: boolean;
  onClose: () => void;
  onInvited: (email: string, token: string, expiresAt: string) => void;
}) {
  const [{ fetching, error }, invite] = useMutation(Invite);
  const form = useForm({ initialValues: { email: '', role: 'developer' } });
  const problem = problemOf(error);
  const named = problem && (problem.fields.email || problem.fields.role);
  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={opened} onClose={onClose} title="Invite a person">
      <form
        onSubmit={form.onSubmit(({ email, role }) => {
          void invite({ input: { email: email.trim(), role } }).then((result) => {
            const invited = result.data?.inviteUser;
            if (invited) onInvited(invited.user.email, invited.invitation.token, invited.invitation.expiresAt);
          });
        })}
      >
        <Stack>
          {problem && !named && <ProblemAlert problem={problem} title="Not invited" />}
          <TextInput
            label="Email"
            type="email"
            required
            data-autofocus
            autoComplete="off"
            {...form.getInputProps('email')}
            error={problem?.fields.email ?? form.errors.email}
          />
          <Select
            label="Role"
            description={ROLE_HELP}
            data={ROLES}
            allowDeselect={false}
            {...form.getInputProps('role')}
            error={problem?.fields.role ?? form.errors.role}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={fetching}>
              Invite
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function UsersPage() {
  const me = useMe();
  const [{ data, error }, refetch] = useQuery({ query: Users });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const [inviting, setInviting] = useState(false);
  const [invited, setInvited] = useState<{ email: string; expiresAt: string; values: OnceSecretValue[] }>();
  const [roleChange, changeRole] = useMutation(ChangeRole);
  const [removing, setRemoving] = useState<{ id: string; email: string }>();
  const [removal, remove] = useMutation(RemoveUser);
  const users = data?.users ?? [];

  return (
    <>
      <PageHeader title="Users" actions={<Button onClick={() => setInviting(true)}>Invite a person</Button>} />
      <Stack>
        <Text size="sm">{ROLE_HELP}</Text>
        <ProblemAlert problem={problemOf(error)} />
        <ProblemAlert problem={problemOf(roleChange.error)} title="The role was not changed" />
        <Table.ScrollContainer minWidth={640}>
          <Table striped aria-label="People of the account">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Added</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.map((u) => {
                const self = u.id === me.userId;
                return (
                  <Table.Tr key={u.id}>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      {u.email}
                      {self && (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          (you)
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td w={170}>
                      <Select
                        aria-label={`Role of ${u.email}`}
                        data={ROLES}
                        value={u.role}
                        allowDeselect={false}
                        disabled={self || roleChange.fetching}
                        size="xs"
                        onChange={(role) => {
                          if (!role || role === u.role) return;
                          void changeRole({ input: { id: u.id, role } }).then((result) => {
                            if (result.data) {
                              notify({ color: 'green', message: `${u.email} is now ${role}` });
                            }
                          });
                        }}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Badge color={u.status === 'active' ? 'green' : 'yellow'} miw="max-content">
                        {u.status}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{formatTime(u.createdAt)}</Table.Td>
                    <Table.Td ta="right">
                      {!self && (
                        <ActionIcon
                          variant="subtle"
                          color="red.9"
                          aria-label={`Remove ${u.email}`}
                          onClick={() => setRemoving({ id: u.id, email: u.email })}
                        >
                          <span aria-hidden>✕</span>
                        </ActionIcon>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>

      <InviteModal
        key={inviting ? 'open' : 'closed'}
        opened={inviting}
        onClose={() => setInviting(false)}
        onInvited={(email, token, expiresAt) => {
          setInviting(false);
          reload();
          setInvited({ email, expiresAt, values: [{ label: 'Invitation link', value: inviteLink(token) }] });
        }}
      />
      <OnceSecretModal
        title={`${invited?.email ?? ''} is invited`}
        values={invited?.values}
        onClose={() => setInvited(undefined)}
        note={`Send this link to the person: they choose a password with it. It works once, until ${formatTime(invited?.expiresAt)}, and is not shown again.`}
      />
      <ConfirmDialog
        opened={!!removing}
        title="Remove this person?"
        confirmLabel="Remove"
        loading={removal.fetching}
        problem={problemOf(removal.error)}
        onClose={() => setRemoving(undefined)}
        onConfirm={() => {
          if (!removing) return;
          void remove({ input: { id: removing.id } }).then((result) => {
            if (result.data) {
              notify({ message: `${removing.email} removed` });
              setRemoving(undefined);
              reload();
            }
          });
        }}
      >
        {removing?.email} loses access at once: their sessions end and they cannot sign in again.
      </ConfirmDialog>
    </>
  );
}
