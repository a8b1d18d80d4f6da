import {
  Anchor,
  Autocomplete,
  Select,
  Button,
  Code,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { PageHeader, ProblemAlert } from '../components/page';
import { Pager, useKeysetPages } from '../components/pager';
import { graphql } from '../gql';
import type { ConsoleAuditEventsQuery } from '../gql/graphql';
import { formatTime } from '../lib/format';
import { problemOf } from '../lib/problem';

const Events = graphql(`
  query ConsoleAuditEvents(
    $action: String
    $targetId: String
    $actorId: String
    $since: String
    $until: String
    $after: String
  ) {
    auditEvents(
      first: 30
      action: $action
      targetId: $targetId
      actorId: $actorId
      since: $since
      until: $until
      after: $after
    ) {
      edges {
        node {
          id
          action
          at
          actor {
            kind
            id
          }
          target {
            type
            id
          }
          ip
          requestId
          diff
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const People = graphql(`
  query ConsoleAuditPeople {
    users {
      id
      email
    }
  }
`);

/** The actions the gateway records (grep `action: '` in src/modules), offered while typing. */
const ACTIONS = [
  'account.created',
  'account.settings.updated',
  'carrier.created',
  'carrier.deleted',
  'carrier.updated',
  'device.created',
  'device.paired',
  'device.pairing_code.created',
  'device.revoked',
  'device.updated',
  'message.canceled',
  'message.redriven',
  'oauth_client.created',
  'oauth_client.revoked',
  'oauth_client.secret_rotated',
  'route.created',
  'route.deleted',
  'route.updated',
  'suppression.added',
  'suppression.imported',
  'suppression.removed',
  'user.invited',
  'user.joined',
  'user.password_changed',
  'user.removed',
  'user.role_changed',
  'user.signed_in',
  'webhook.callback_secret_rotated',
  'webhook.created',
  'webhook.deleted',
  'webhook.disabled',
  'webhook.secret_rotated',
  'webhook.updated',
];

type AuditEvent = ConsoleAuditEventsQuery['auditEvents']['edges'][number]['node'];

/** The random end of an id: ids made at about the same time share their start (UUIDv7). */
function shortId(id: string): string {
  return id.length > 13 ? `…${id.slice(-8)}` : id;
}

function summary(diff: Record<string, unknown> | null | undefined): string {
  if (!diff) return '—';
  return Object.entries(diff)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

function Details({
  event,
  emails,
  onClose,
}: {
  event: AuditEvent | undefined;
  emails: Map<string, string>;
  onClose: () => void;
}) {
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={!!event}
      onClose={onClose}
      title={event?.action ?? ''}
      size="lg"
    >
      {event && (
        <Stack gap="xs">
          <Text size="sm">At {formatTime(event.at)}</Text>
          <Text size="sm">
            By {event.actor.kind} {emails.get(event.actor.id)} <Code>{event.actor.id}</Code>
          </Text>
          <Text size="sm">
            On {event.target.type} {event.target.type === 'user' && emails.get(event.target.id)}{' '}
            <Code>{event.target.id}</Code>
          </Text>
          {event.ip && <Text size="sm">From {event.ip}</Text>}
          {event.requestId && (
            <Text size="sm">
              Request <Code>{event.requestId}</Code>
            </Text>
          )}
          {event.diff && (
            <Code block aria-label="Changes">
              {JSON.stringify(event.diff, null, 2)}
            </Code>
          )}
        </Stack>
      )}
    </Modal>
  );
}

interface Filter {
  action: string | null;
  targetId: string | null;
  actorId: string | null;
  since: string | null;
  until: string | null;
}

const EMPTY = { action: '', targetId: '', actorId: '', since: '', until: '' };

export default function AuditPage() {
  const [draft, setDraft] = useState(EMPTY);
  const [filter, setFilter] = useState<Filter>({
    action: null,
    targetId: null,
    actorId: null,
    since: null,
    until: null,
  });
  const pages = useKeysetPages();
  const [{ data, error }] = useQuery({ query: Events, variables: { ...filter, after: pages.after } });
  const [open, setOpen] = useState<AuditEvent>();
  const [{ data: people }] = useQuery({ query: People });
  // People by their email; other ids by their last characters (the whole id is in the tooltip and Details).
  const emails = new Map(people?.users.map((u) => [u.id, u.email]));
  const name = (kind: string, id: string) => (kind === 'user' && emails.get(id)) || shortId(id);
  const problem = problemOf(error);
  const events = data?.auditEvents.edges.map((e) => e.node) ?? [];
  const apply = (next: typeof draft) => {
    pages.reset();
    setFilter({
      action: next.action.trim() || null,
      targetId: next.targetId.trim() || null,
      actorId: next.actorId || null,
      // datetime-local is the reader's time: the API takes an instant with its offset.
      since: next.since ? new Date(next.since).toISOString() : null,
      until: next.until ? new Date(next.until).toISOString() : null,
    });
  };

  return (
    <>
      <PageHeader title="Audit log" />
      <Stack>
        <Text size="sm">Who changed what in the account, newest first.</Text>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            apply(draft);
          }}
        >
          <Group align="flex-end" gap="xs">
            <Autocomplete
              label="Action"
              placeholder="Any action"
              data={ACTIONS}
              limit={12}
              value={draft.action}
              onChange={(action) => setDraft((d) => ({ ...d, action }))}
              onOptionSubmit={(action) => {
                const next = { ...draft, action };
                setDraft(next);
                apply(next);
              }}
              error={problem?.fields.action}
              style={{ flex: '1 1 14rem' }}
            />
            <TextInput
              label="Target ID"
              placeholder="A device, message or user id"
              value={draft.targetId}
              onChange={(e) => {
                const targetId = e.currentTarget.value;
                setDraft((d) => ({ ...d, targetId }));
              }}
              error={problem?.fields.targetId}
              style={{ flex: '1 1 14rem' }}
            />
            <Select
              label="Actor"
              placeholder="Anyone"
              clearable
              data={(people?.users ?? []).map((u) => ({ value: u.id, label: u.email }))}
              value={draft.actorId || null}
              onChange={(actorId) => setDraft((d) => ({ ...d, actorId: actorId ?? '' }))}
              error={problem?.fields.actorId}
              style={{ flex: '1 1 12rem' }}
            />
            <TextInput
              type="datetime-local"
              label="From"
              value={draft.since}
              onChange={(e) => {
                const since = e.currentTarget.value;
                setDraft((d) => ({ ...d, since }));
              }}
              error={problem?.fields.since}
              style={{ flex: '1 1 12rem' }}
            />
            <TextInput
              type="datetime-local"
              label="Until"
              value={draft.until}
              onChange={(e) => {
                const until = e.currentTarget.value;
                setDraft((d) => ({ ...d, until }));
              }}
              error={problem?.fields.until}
              style={{ flex: '1 1 12rem' }}
            />
            <Button type="submit">Filter</Button>
            {Object.values(filter).some(Boolean) && (
              <Button
                variant="subtle"
                onClick={() => {
                  setDraft(EMPTY);
                  apply(EMPTY);
                }}
              >
                Clear
              </Button>
            )}
          </Group>
        </form>
        {problem && Object.keys(problem.fields).length === 0 && <ProblemAlert problem={problem} />}
        <Table.ScrollContainer minWidth={820}>
          <Table striped aria-label="Audit events">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Actor</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th>Changes</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Details</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data && events.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text size="sm" c="dimmed">
                      No events match.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {events.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(e.at)}</Table.Td>
                  <Table.Td>
                    <Code>{e.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.actor.kind}</Text>
                    <Text size="xs" c="dimmed" title={e.actor.id} style={{ whiteSpace: 'nowrap' }}>
                      {name(e.actor.kind, e.actor.id)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.target.type}</Text>
                    <Anchor
                      component="button"
                      type="button"
                      size="xs"
                      title={e.target.id}
                      style={{ whiteSpace: 'nowrap' }}
                      aria-label={`Only events about ${e.target.type} ${name(e.target.type, e.target.id)}`}
                      onClick={() => {
                        const next = { ...EMPTY, targetId: e.target.id };
                        setDraft(next);
                        apply(next);
                      }}
                    >
                      {name(e.target.type, e.target.id)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td maw={260}>
                    <Text size="xs" lineClamp={2}>
                      {summary(e.diff)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      aria-label={`Details of ${e.action} at ${formatTime(e.at)}`}
                      onClick={() => setOpen(e)}
                    >
                      Details
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Pager
          pages={pages}
          hasNextPage={data?.auditEvents.pageInfo.hasNextPage ?? false}
          endCursor={data?.auditEvents.pageInfo.endCursor}
          label="Audit log pages"
        />
      </Stack>
      <Details event={open} emails={emails} onClose={() => setOpen(undefined)} />
    </>
  );
}
